using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Web.Hosting.Commands;

/// <summary>
/// <c>verify-audit [street-slug] [--expect SEQ:HASH]…</c>: walks every audit chain (or one street's) of the configured
/// database and prints one line per chain. Each <c>--expect</c> is an anchor published earlier (printed in minutes,
/// carried by the feed): the street's chain must still hold that entry with that hash. Exit code 0 when every chain is
/// intact and holds every anchor, 1 otherwise.
/// </summary>
public sealed class VerifyAuditCommand : CongressCommand
{
    public override string Name => "verify-audit";

    public override Command Build(CommandContext context)
    {
        var street = NoOptions(context, new Argument<string?>("street") { Arity = ArgumentArity.ZeroOrOne, Description = context.Text["Cli.VerifyAudit.Street"] });
        var expect = new Option<string[]>("--expect") { HelpName = "SEQ:HASH", Description = context.Text["Cli.VerifyAudit.Expect"] };
        var timing = new Option<bool>("--timing") { Description = context.Text["Cli.VerifyAudit.Timing"] };
        var command = new Command(Name, context.Text["Cli.VerifyAudit"]) { street, expect, timing };
        command.SetAction(async (parsed, ct) =>
            await RunAsync(await context.ServicesAsync(), parsed.GetValue(street), parsed.GetValue(expect) ?? [], parsed.GetValue(timing), context.Console.Out, ct));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string? street, string[] expected, bool timing, TextWriter output, CancellationToken ct)
    {
        // An operator's tool whose lines are quoted in reports and checked by scripts: they, and the reasons the domain
        // gives, are in English whatever the terminal's language.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var trail = services.GetRequiredService<AuditTrail>();
        await using var db = await services.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContextAsync(ct);
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await output.WriteLineAsync("The database is not up to date: run migrate (or start the app once), then verify again.");
            return 1;
        }

        var anchors = new List<AuditAnchor>();
        foreach (var text in expected)
        {
            if (AuditAnchor.Parse(text) is not { } anchor)
            {
                await output.WriteLineAsync("--expect takes an anchor as published: SEQ:HASH (the entry's number, a colon, its 64 hex digits).");
                return 1;
            }
            anchors.Add(anchor);
        }
        if (anchors.Count > 0 && street is null)
        {
            await output.WriteLineAsync("--expect checks one street's chain: name the street (verify-audit shiyan --expect SEQ:HASH).");
            return 1;
        }

        var streets = await db.Streets.AsNoTracking().OrderBy(s => s.Id).ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        IEnumerable<int> chains;
        if (street is not null)
        {
            var slug = street.Trim().ToLowerInvariant();
            var match = streets.Where(s => s.Value == slug).Select(s => (int?)s.Key).SingleOrDefault();
            if (match is null)
            {
                await output.WriteLineAsync($"No street has the slug '{street}'. Streets: {string.Join(", ", streets.Values)}.");
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
        var started = Stopwatch.GetTimestamp();
        var verified = 0L;
        foreach (var chain in chains)
        {
            var result = await trail.VerifyChainAsync(chain, ct);
            intact &= result.Intact;
            verified += result.Entries;
            await output.WriteLineAsync($"{Label(chain, streets)}: {Describe(result)}");
            foreach (var anchor in anchors)
            {
                var failures = await trail.CheckAnchorsAsync(chain, [anchor], ct);
                intact &= failures.Count == 0;
                await output.WriteLineAsync(failures.Count == 0 ? $"{Label(chain, streets)}: anchor #{anchor.Sequence} held" : $"{Label(chain, streets)}: {failures[0]}");
            }
        }
        if (timing)
        {
            // The chains' own time, without the command's start: how long a larger database will take, from this one.
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{verified} entries verified in {seconds:F3} s ({(seconds > 0 ? verified / seconds : 0):F0} entries a second)"));
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
