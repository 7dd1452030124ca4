using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CongressHub.Domain.Audit;

/// <summary>
/// One entry of a street's append-only audit chain. Each entry carries the hash of the one before it, so editing,
/// removing or reordering a stored entry breaks the chain at that entry. Secret choices never enter it, only counts.
/// </summary>
public sealed class AuditEntry
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The chain of city-wide events (an administrator signing in) that belong to no street.</summary>
    public const int CityChain = 0;

    private AuditEntry() { }

    public long Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>1, 2, 3… within the street's chain.</summary>
    public long Sequence { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string UserName { get; private set; } = "";

    /// <summary>What happened, as a stable key (<c>Vote.Closed</c>).</summary>
    public string Action { get; private set; } = "";

    /// <summary>What it happened to (<c>Vote 12</c>).</summary>
    public string Subject { get; private set; } = "";

    /// <summary>Readable details: titles and counts, never a secret choice.</summary>
    public string Details { get; private set; } = "";

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    internal bool IsSealed => Hash.Length > 0;

    public static AuditEntry Of(int streetId, string userName, string action, string subject, string details, DateTime nowUtc) =>
        new()
        {
            StreetId = streetId,
            // Whole microseconds: PostgreSQL keeps no finer time, and the hash must match the stored value.
            AtUtc = new DateTime(nowUtc.Ticks - nowUtc.Ticks % 10, DateTimeKind.Utc),
            UserName = userName,
            Action = action,
            Subject = subject,
            Details = details,
        };

    /// <summary>Links the entry after <paramref name="previousHash"/> at <paramref name="sequence"/>.</summary>
    internal void Seal(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = Compute();
    }

    /// <summary>The hash this entry must carry, from its stored fields and its predecessor's hash.</summary>
    public string Compute()
    {
        var text = string.Join('\n',
            StreetId.ToString(CultureInfo.InvariantCulture),
            Sequence.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(AtUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
            UserName, Action, Subject, Details, PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
