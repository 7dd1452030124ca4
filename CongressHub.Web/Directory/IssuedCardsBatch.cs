using CongressHub.Domain.Directory;

namespace CongressHub.Web.Directory;

/// <summary>
/// Cards just issued in this browser window, waiting to be printed. Codes are never stored in clear, so they live only
/// here, in the circuit, until the window closes.
/// </summary>
public sealed class IssuedCardsBatch
{
    public IReadOnlyList<IssuedCard> Cards { get; private set; } = [];

    public void Replace(IReadOnlyList<IssuedCard> cards) => Cards = cards;
}
