using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CongressHub.Domain.Accounts;

/// <summary>
/// Failed password sign-ins counted for one account, one client, or one account from one client (see
/// <see cref="SignInThrottle"/>). The key is a hash: neither the name typed nor the client's address is stored.
/// </summary>
public sealed class SignInFailure
{
    public string Key { get; private set; } = "";

    /// <summary>Failures in a row, forgotten once the last is older than <see cref="SignInThrottle.Forget"/>.</summary>
    public int Count { get; private set; }

    public DateTime LastUtc { get; private set; }

    /// <summary>The earliest moment of the next attempt.</summary>
    public DateTime NextUtc { get; private set; }

    internal static SignInFailure First(string key, DateTime nowUtc, DateTime nextUtc) => new() { Key = key, Count = 1, LastUtc = nowUtc, NextUtc = nextUtc };
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.LastUtc);
    }
}
