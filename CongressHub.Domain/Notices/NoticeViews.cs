using System.Net.Mail;
using CongressHub.Domain.Common;

namespace CongressHub.Domain.Notices;

public sealed record NoticeSettingsView(NoticeChannel? Chosen, bool RoleDefault, string? Email, string? Phone, string? WeComUserId, bool EmailOptOut,
    NoticeChannel Available, bool IsDelegate);

public sealed record NoticeSettingsInput(NoticeChannel Channels, string? Email, string? WeComUserId, bool EmailOptOut)
{
    public void Validate() =>
        new Validator()
            .MaxLength(nameof(Email), Email, 200, "Field.Email")
            .Check(string.IsNullOrWhiteSpace(Email) || IsEmail(Email), nameof(Email), "Validation.Email", Email)
            .MaxLength(nameof(WeComUserId), WeComUserId, 64, "Field.WeComUserId")
            .Check(!Channels.HasFlag(NoticeChannel.Email) || !string.IsNullOrWhiteSpace(Email), nameof(Email), "Validation.EmailNeeded")
            .Check(!Channels.HasFlag(NoticeChannel.WeCom) || !string.IsNullOrWhiteSpace(WeComUserId), nameof(WeComUserId), "Validation.WeComNeeded")
            .ThrowIfInvalid();

    /// <summary>One address with a domain that has a dot: what an SMTP server accepts and a person types.</summary>
    public static bool IsEmail(string? text)
    {
        var s = text?.Trim();
        return !string.IsNullOrEmpty(s) && s.Length <= 200 && MailAddress.TryCreate(s, out var a) && a.Address == s
            && a.Host.Contains('.', StringComparison.Ordinal) && !a.Host.EndsWith('.') && !s.Contains(' ', StringComparison.Ordinal);
    }
}

/// <summary>One event told to several people (a session call to its delegates) and how far its notices got.</summary>
public sealed record NoticeEventRow(string EventKey, NoticeKind Kind, string Title, string Link, DateTime CreatedUtc, int People, int Read,
    int Waiting, int Late, int Sent, int Delivered, int Failed, int Duplicates);

public sealed record NoticeRecipientRow(int NoticeId, string Name, DateTime? ReadUtc, IReadOnlyList<DeliveryRow> Deliveries);

public sealed record DeliveryRow(int Id, NoticeChannel Channel, DeliveryState State, string? Address, int Attempts, DateTime? SentUtc, DateTime? DeliveredUtc,
    string? Error, int Duplicates, DateTime? DueUtc, int Folded);

public sealed record SessionLetters(int SessionId, string Street, string Title, DateTime ScheduledUtc, string Place, IReadOnlyList<string> Agenda, IReadOnlyList<LetterRow> Letters);

public sealed record LetterRow(int DeliveryId, string Name, string? Community, NoticeKind Kind, string Text, DateTime? PrintedUtc);
