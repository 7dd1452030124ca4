using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CongressHub.Web.Api;

/// <summary>
/// Every DateTime the app holds is UTC (CONTRACTS.md, "Times"): answers write it with its <c>Z</c>, whatever Kind it
/// carries, so that no client reads it as its own local time. Reading accepts any ISO 8601 time and keeps it in UTC.
/// </summary>
public sealed class UtcDateTimeJson : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
