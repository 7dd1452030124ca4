using System.Globalization;
using System.Text.Json.Nodes;

namespace CongressHub.Domain.Common;

/// <summary>
/// Text the system writes for people to read later (notices, history notes, the minutes' log), stored as a message
/// key and its arguments and rendered when read, in the reader's culture, from the domain's resources. An argument
/// is a literal (names and titles people typed, numbers) or one of the markers below, stored by value and rendered
/// at read time: a label by its key (an enum code, "adopted"), a time (ISO-8601 UTC), a date, or a list.
/// Rows written before keys existed carry only their text, which is shown as stored.
/// </summary>
public static class SystemText
{
    /// <summary>A localized label by its message key, such as an enum code's (<c>TrackedState.Done</c>).</summary>
    public static TextArg Label(string key) => new("key", key);

    /// <summary>A moment, stored as ISO-8601 UTC and shown in the installation's zone.</summary>
    public static TextArg Time(DateTime utc) =>
        new("utc", DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));

    /// <summary>A moment in a formal notice (a session's call): <c>2026年12月2日 06:00</c> in the installation's zone.</summary>
    public static TextArg FormalTime(DateTime utc) =>
        new("formal", DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));

    public static TextArg Date(DateOnly date) => new("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Items joined with the reader's list separator (<c>、</c> or <c>, </c>).</summary>
    public static TextArg List(IEnumerable<object?> items) => new("list", Args(items.ToArray()));

    /// <summary>The arguments as stored: a JSON array of strings, numbers and markers.</summary>
    public static string Args(params object?[] args)
    {
        var array = new JsonArray();
        foreach (var arg in args)
        {
            array.Add(Node(arg));
        }
        return array.ToJsonString();
    }

    /// <summary>The stored arguments as the current UI culture reads them, for a template that takes them one by one (an SMS).</summary>
    public static IReadOnlyList<string> Values(string? args)
    {
        try
        {
            return string.IsNullOrEmpty(args) ? [] : ((JsonArray)JsonNode.Parse(args)!).Select(n => Value(n)?.ToString() ?? "").ToArray();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidCastException or FormatException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>The text in the current UI culture: the key with its arguments, or the stored text when there is no key.</summary>
    public static string Render(string? key, string? args, string? storedText = null)
    {
        if (string.IsNullOrEmpty(key))
        {
            return storedText ?? "";
        }
        try
        {
            var values = string.IsNullOrEmpty(args) ? [] : ((JsonArray)JsonNode.Parse(args)!).Select(Value).ToArray();
            return DomainText.Get(key, values);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidCastException or FormatException or InvalidOperationException)
        {
            return storedText ?? key;
        }
    }

    /// <summary>
    /// How a stored moment reads in the installation's zone and the reader's culture. The one place that formats a
    /// time argument, so it can follow the app's time formatter.
    /// </summary>
    public static string FormatTime(DateTime utc) => SessionTime.FormatDateTime(utc);

    public static string FormatDate(DateOnly date) => SessionTime.FormatDate(date);

    /// <summary>Cuts a stored text to its column's length.</summary>
    public static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    private static JsonNode? Node(object? arg) => arg switch
    {
        null => JsonValue.Create(""),
        TextArg t when t.Kind == "list" => new JsonObject { ["list"] = JsonNode.Parse(t.Value) },
        TextArg t => new JsonObject { [t.Kind] = t.Value },
        int or long or short => JsonValue.Create(Convert.ToInt64(arg, CultureInfo.InvariantCulture)),
        decimal or double or float => JsonValue.Create(Convert.ToDecimal(arg, CultureInfo.InvariantCulture)),
        DateTime utc => Node(Time(utc)),
        DateOnly date => Node(Date(date)),
        Enum => throw new ArgumentException("Store an enum code as SystemText.Label(its label key).", nameof(arg)),
        _ => JsonValue.Create(Convert.ToString(arg, CultureInfo.InvariantCulture)),
    };

    private static object? Value(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s;
            case JsonValue v when v.TryGetValue<long>(out var l):
                return l;
            case JsonValue v:
                return v.GetValue<decimal>();
            case JsonObject o when o["key"] is { } key:
                return DomainText.Get(key.GetValue<string>());
            case JsonObject o when o["utc"] is { } utc:
                return FormatTime(DateTime.Parse(utc.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            case JsonObject o when o["formal"] is { } formal:
                return SessionTime.FormatFormalDateTime(DateTime.Parse(formal.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            case JsonObject o when o["date"] is { } date:
                return FormatDate(DateOnly.ParseExact(date.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
            case JsonObject o when o["list"] is JsonArray list:
                return string.Join(DomainText.Get("List.Separator"), list.Select(Value));
            default:
                return "";
        }
    }
}

/// <summary>An argument of <see cref="SystemText"/> that is rendered when read (a label, a time, a date, a list).</summary>
public sealed record TextArg(string Kind, string Value);
