using System.Globalization;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Web.Audit;

/// <summary>
/// <c>verify-audit [street-slug]</c>: walks every audit chain (or one street's) of the configured database and prints
/// one line per chain, without starting the web server. Exit code 0 when every chain is intact, 1 otherwise.
/// </summary>
public static class AuditCommand
{
    public const string Name = "verify-audit";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <param name="args">The command line, starting with <see cref="Name"/>; an optional street slug after it.</param>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct = default)
    {
        // An operator's tool: its lines, and the reasons the domain gives, are in English. The change stays inside this call.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var trail = services.GetRequiredService<AuditTrail>();
        await using var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct);
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await output.WriteLineAsync("The database is not up to date: start the app once to migrate it, then verify again.");
            return 1;
        }

        var streets = await db.Streets.AsNoTracking().OrderBy(s => s.Id).ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        IEnumerable<int> chains;
        if (args.Count > 1)
        {
            var slug = args[1].Trim().ToLowerInvariant();
            var match = streets.Where(s => s.Value == slug).Select(s => (int?)s.Key).SingleOrDefault();
            if (match is null)
            {
                await output.WriteLineAsync($"No street has the slug '{args[1]}'. Streets: {string.Join(", ", streets.Values)}.");
                return 1;
            }
            chains = [match.Value];
        }
        else
        {
            // Every street, even one without entries yet, and every chain that has entries (the city's among them).
            chains = streets.Keys.Union(await trail.ChainsAsync(ct)).Order();
        }

        var intact = true;
        foreach (var chain in chains)
        {
            var result = await trail.VerifyChainAsync(chain, ct);
            intact &= result.Intact;
            await output.WriteLineAsync($"{Label(chain, streets)}: {Describe(result)}");
        }
        return intact ? 0 : 1;
    }

    private static string Label(int chain, IReadOnlyDictionary<int, string> streets) =>
        chain == AuditEntry.CityChain ? "city"
        : streets.TryGetValue(chain, out var slug) ? $"street {slug}"
        : $"street #{chain}";

    private static string Describe(AuditVerification result) =>
        result.Intact
            ? $"{result.Entries} {(result.Entries == 1 ? "entry" : "entries")}, intact"
            : $"broken at entry #{result.FirstBrokenSequence}: {result.Reason}";
}
