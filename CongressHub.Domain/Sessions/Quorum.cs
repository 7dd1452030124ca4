namespace CongressHub.Domain.Sessions;

/// <summary>
/// Quorum of a session: more than half of all delegates of the term who are not retired (CONTRACTS.md, "Arithmetic").
/// Excused and absent delegates are not present.
/// </summary>
public sealed record Quorum(int All, int Present)
{
    public int Required => All / 2 + 1;

    public bool Reached => Present >= Required;
}
