using System.Diagnostics;
using System.Globalization;
using System.Text;
using CongressHub.Domain;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Bench;

/// <summary>
/// Roster import: preview and confirmed import of an N-row CSV into a fresh demo database (a real SQLite file in WAL
/// mode, as the app runs it). Arguments: [rows] [runs].
/// </summary>
internal static class ImportBench
{
    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"roster import: {rows} rows, {runs} runs, {Environment.ProcessorCount} cores");

        var bytes = Roster(rows);
        Console.WriteLine($"file: {bytes.Length / 1024} KB");

        var previews = new List<double>();
        var imports = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench", Guid.NewGuid().ToString("N"))).FullName;
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:CongressHub"] = $"Data Source={Path.Combine(folder, "bench.db")}",
            }).Build();
            var services = new ServiceCollection().AddLogging().AddCongressDomain(config, folder).BuildServiceProvider();
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
            var convener = await ActorAsync(services, "convener");
            var termId = (await services.GetRequiredService<DirectoryService>().GetCurrentTermAsync(convener))!.Id;
            var roster = services.GetRequiredService<RosterImportService>();

            var sw = Stopwatch.StartNew();
            var preview = await roster.PreviewAsync(convener, termId, bytes);
            previews.Add(sw.Elapsed.TotalMilliseconds);
            if (!preview.CanImport)
            {
                throw new InvalidOperationException("The generated roster should be valid.");
            }
            sw.Restart();
            var result = await roster.ImportAsync(convener, termId, bytes);
            imports.Add(sw.Elapsed.TotalMilliseconds);
            Console.WriteLine($"run {run + 1}: preview {previews[^1]:F0} ms, import {imports[^1]:F0} ms ({result.Imported} delegates, {result.Cards.Count} cards)");

            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        // The first run pays for JIT and the EF model; report the rest.
        var warm = runs > 1 ? 1 : 0;
        Console.WriteLine($"median of warm runs: preview {Median(previews.Skip(warm))} ms, import {Median(imports.Skip(warm))} ms; first run: preview {previews[0]:F0} ms, import {imports[0]:F0} ms");
    }

    /// <summary>A valid roster of <paramref name="rows"/> resident representatives of the demo street's communities.</summary>
    internal static byte[] Roster(int rows)
    {
        var csv = new StringBuilder("姓名,类别,社区,电话\n");
        string[] communities = ["东风社区", "朝阳社区", "和平社区", "新华社区", "春晖社区"];
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"代表{i:D5},居民代表,{communities[i % communities.Length]},139{i:D8}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    internal static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2].ToString("F0", CultureInfo.InvariantCulture);
    }

    internal static async Task<Actor> ActorAsync(IServiceProvider services, string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CongressHub.Domain.Accounts.CongressUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CongressHub.Domain.Accounts.CongressUser>>();
        return Actor.FromPrincipal(await factory.CreateAsync((await users.FindByNameAsync(userName))!))!;
    }
}
