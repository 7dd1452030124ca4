using CongressHub.Domain.Councils;

namespace CongressHub.Domain.Sessions;

/// <summary>
/// Quorum of a session: by default more than half of all members of its voting body who are not retired (CONTRACTS.md,
/// "Arithmetic"); a community council may ask for two thirds. Excused and absent members are not present.
/// </summary>
public sealed record Quorum(int All, int Present, QuorumRule Rule = QuorumRule.MoreThanHalf)
{
    public int Required => Rule.Required(All);

    public bool Reached => Present >= Required;
}
