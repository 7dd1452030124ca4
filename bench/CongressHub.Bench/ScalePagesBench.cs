using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CongressHub.Bench;

/// <summary>
/// The time of each page a resident, a convener, the district and a device ask for, on the demo database or a large
/// one (a copy of a SQLite file, or a PostgreSQL database): its first request after the start, then uncached (the
/// residents' kept pages evicted before each request) and kept, p50 and p99; the queries one uncached request runs, their
/// time, and the tables their plans read whole (the app's diagnostics, <c>X-Diagnostics-Id</c>). Then
/// <c>verify-audit</c> in entries per second. An empty database given with <c>--db</c> or <c>--postgres</c> is seeded with
/// the demo, as the app does at its first start.
/// </summary>
internal static partial class ScalePagesBench
{
    private const string Password = "Demo!2026";

    private sealed record Target(string Name, string Path, HttpClient Client, bool Public);

    private sealed record Timing(double First, double[] Uncached, double[] Kept, Queries Queries);

    private sealed record Queries(int Count, double Milliseconds, IReadOnlyList<string> Scanned, IReadOnlyList<string> Walked, IReadOnlyList<(string Sql, string Table)> Leads,
        IReadOnlyList<(string Sql, double Ms)> Slow);

    /// <summary>A query at least this long is named under the table, with its time: where a slow page's time goes.</summary>
    private const double SlowQueryMs = 5;

    public static async Task RunAsync(string[] args)
    {
        var db = Option(args, "--db");
        var postgres = Option(args, "--postgres");
        var slug = Option(args, "--slug") ?? "shiyan";
        var convener = Option(args, "--convener") ?? "convener";
        var district = Option(args, "--district");
        var runs = int.Parse(Option(args, "--runs") ?? "50", CultureInfo.InvariantCulture);

        var appFolder = await AppUnderTest.PublishAsync("congresshub-bench-scale-app");
        var settings = new Dictionary<string, string>
        {
            // Every request comes from one address: the public site's per-address limit would refuse most of them. A
            // limit too large to reach keeps its cost in the measured path.
            ["Limits__PublicRequestsPerMinute"] = "1000000000",
        };
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench", Guid.NewGuid().ToString("N"))).FullName;
        AppUnderTest app;
        string connection;
        if (postgres is not null)
        {
            connection = postgres;
            settings["Database__Provider"] = "Postgres";
            settings["ConnectionStrings__CongressHub"] = postgres;
            settings["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
            app = await AppUnderTest.LaunchAsync(appFolder, folder, settings);
        }
        else if (db is not null)
        {
            // A copy: the app writes to its database (sign-ins, the audit trail) and the original stays as generated.
            var copy = Path.Combine(folder, "bench.db");
            Console.WriteLine($"copying {db} ({new FileInfo(db).Length / 1e6:F0} MB) …");
            await using (var source = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false"))
            await using (var target = new SqliteConnection($"Data Source={copy};Pooling=false"))
            {
                await source.OpenAsync();
                await target.OpenAsync();
                source.BackupDatabase(target);
            }
            connection = $"Data Source={copy}";
            settings["ConnectionStrings__CongressHub"] = connection;
            settings["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
            app = await AppUnderTest.LaunchAsync(appFolder, folder, settings);
        }
        else
        {
            Directory.Delete(folder);
            app = await AppUnderTest.StartAsync(appFolder, _ => Task.CompletedTask, settings);
            folder = app.Folder;
            connection = $"Data Source={Path.Combine(folder, "bench.db")}";
            settings["ConnectionStrings__CongressHub"] = connection;
            settings["DataProtection__KeysFolder"] = Path.Combine(folder, "keys");
        }
        await using (app)
        {
            await MeasureAsync(app.Url, slug, convener, district, runs, database: db ?? (postgres is null ? "fresh demo (SQLite)" : "PostgreSQL"));
            await VerifyAuditAsync(appFolder, settings, connection, postgres is not null);
        }
    }

    private static async Task MeasureAsync(string url, string slug, string convenerName, string? districtName, int runs, string database)
    {
        using var diagnostics = NewClient(url, cookies: false);
        using var anonymous = NewClient(url, cookies: false);
        using var convener = NewClient(url, cookies: true);
        using var district = NewClient(url, cookies: true);
        using var device = NewClient(url, cookies: false);
        await SignInAsync(convener, convenerName);
        if (districtName is not null)
        {
            await SignInAsync(district, districtName);
        }
        var token = await TokenAsync(device, convenerName);
        device.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sessions = (await device.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray()
            .Select(s => (Id: s.GetProperty("id").GetInt32(), Status: s.GetProperty("status").GetString()!, At: s.GetProperty("scheduledUtc").GetDateTime()))
            .OrderByDescending(s => s.At).ToList();
        var live = sessions.FirstOrDefault(s => s.Status == "live");
        var reported = live.Id != 0 ? live : sessions.FirstOrDefault(s => s.Status != "draft");

        // The targets in order; each is asked for the first time in this order, and a later one's address may come
        // from an earlier one's page (the newest resolution from the list, the filters from the opinions page).
        var home = $"/s/{slug}";
        var resolution = "";
        (string? State, string? Community, string? Category) filters = default;
        string? childSitemap = null;
        var plan = new List<(string Name, Func<string?> Path, HttpClient Client, bool Public, Action<string>? Read)>
        {
            ("public home", () => home, anonymous, true, null),
            ("resolutions", () => $"{home}/resolutions", anonymous, true, body => resolution = NewestResolution(body, slug)),
            ("resolutions search 电梯", () => $"{home}/resolutions?q={Uri.EscapeDataString("电梯")}", anonymous, true, null),
            ("resolutions search 2026", () => $"{home}/resolutions?q=2026", anonymous, true, null),
            ("resolution (newest)", () => resolution.Length == 0 ? null : $"{home}/resolutions/{resolution}", anonymous, true, null),
            ("opinions", () => $"{home}/opinions", anonymous, true, body => filters = Filters(body)),
            ("opinions by state", () => filters.State is { } s ? $"{home}/opinions?state={s}" : null, anonymous, true, null),
            ("opinions by community", () => filters.Community is { } c ? $"{home}/opinions?community={c}" : null, anonymous, true, null),
            ("opinions by category", () => filters.Category is { } c ? $"{home}/opinions?category={c}" : null, anonymous, true, null),
            ("sitemap", () => "/sitemap.xml", anonymous, true, body => childSitemap = ChildSitemap(body, url)),
            ("sitemap (first child)", () => childSitemap, anonymous, true, null),
            ("feed", () => $"{home}/feed.atom", anonymous, true, null),
            ("tracking list", () => "/tracking", convener, false, null),
            ("monthly grid", () => "/tracking/grid", convener, false, null),
            ("opinion report", () => reported.Id == 0 ? null : $"/sessions/{reported.Id}/opinion-report", convener, false, null),
            ("audit", () => "/audit", convener, false, null),
            ("district comparison", () => districtName is null ? null : "/district", district, false, null),
            ("session snapshot (API)", () => (live.Id != 0 ? live : reported).Id is var id and not 0 ? $"/api/sessions/{id}/live" : null, device, false, null),
        };

        var targets = new List<Target>();
        var first = new Dictionary<string, double>();
        foreach (var (name, path, client, isPublic, read) in plan)
        {
            if (path() is not { } p)
            {
                Console.Error.WriteLine($"{name}: not found in this database, left out");
                continue;
            }
            var (ms, body) = await TimeAsync(client, p);
            read?.Invoke(body);
            first[name] = ms;
            targets.Add(new Target(name, p, client, isPublic));
        }

        var results = new List<(Target Target, Timing Timing)>();
        foreach (var target in targets)
        {
            var uncached = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                await EvictAsync(diagnostics);
                uncached[i] = (await TimeAsync(target.Client, target.Path)).Ms;
            }
            var kept = new double[target.Public ? runs : 0];
            for (var i = 0; i < kept.Length; i++)
            {
                kept[i] = (await TimeAsync(target.Client, target.Path)).Ms;
            }
            // Recorded last, warm: the plans each query is explained with take time of their own.
            var queries = await RecordAsync(diagnostics, target);
            results.Add((target, new Timing(first[target.Name], uncached, kept, queries)));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{database}, street {slug}, {runs} runs each, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; times in ms"));
        Console.WriteLine();
        Console.WriteLine("| page | first | uncached p50 | uncached p99 | kept p50 | kept p99 | queries | query ms | tables read whole | whole indexes read |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (target, t) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target.Name} | {t.First:F1} | {Quantile(t.Uncached, 0.50):F1} | {Quantile(t.Uncached, 0.99):F1} | {Kept(t.Kept, 0.50)} | {Kept(t.Kept, 0.99)} | {t.Queries.Count} | {t.Queries.Milliseconds:F1} | {List(t.Queries.Scanned)} | {List(t.Queries.Walked)} |"));
        }
        Console.WriteLine();
        Console.WriteLine("Queries that read a whole table:");
        Console.WriteLine();
        foreach (var (target, t) in results)
        {
            foreach (var (sql, table) in t.Queries.Leads)
            {
                Console.WriteLine($"- {target.Name} ({target.Path}): {table} — `{OneLine(sql)}`");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Queries of {SlowQueryMs} ms or more (the recorded request):");
        Console.WriteLine();
        foreach (var (target, t) in results)
        {
            foreach (var (sql, ms) in t.Queries.Slow)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {target.Name}: {ms:F1} ms — `{OneLine(sql)}`"));
            }
        }
    }

    /// <summary>One uncached request with the diagnostics header: the queries it ran and what their plans read whole.</summary>
    private static async Task<Queries> RecordAsync(HttpClient diagnostics, Target target)
    {
        await EvictAsync(diagnostics);
        var id = Guid.NewGuid().ToString("N");
        using (var request = new HttpRequestMessage(HttpMethod.Get, target.Path))
        {
            request.Headers.Add("X-Diagnostics-Id", id);
            using var response = await target.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }
        var recorded = await diagnostics.GetFromJsonAsync<JsonElement>($"/diagnostics/queries/{id}");
        var queries = recorded.GetProperty("queries").EnumerateArray().ToList();
        static string[] Names(JsonElement q, string property) => [.. q.GetProperty(property).EnumerateArray().Select(t => t.GetString()!)];
        return new Queries(
            queries.Count,
            queries.Sum(q => q.GetProperty("milliseconds").GetDouble()),
            [.. queries.SelectMany(q => Names(q, "tablesScanned")).Distinct().Order(StringComparer.Ordinal)],
            [.. queries.SelectMany(q => Names(q, "indexesWalked")).Distinct().Order(StringComparer.Ordinal)],
            [.. queries.SelectMany(q => Names(q, "tablesScanned").Select(t => (q.GetProperty("sql").GetString()!, t)))],
            [.. queries.Select(q => (Sql: q.GetProperty("sql").GetString()!, Ms: q.GetProperty("milliseconds").GetDouble())).Where(q => q.Ms >= SlowQueryMs).OrderByDescending(q => q.Ms)]);
    }

    private static async Task EvictAsync(HttpClient diagnostics) =>
        (await diagnostics.PostAsync("/diagnostics/evict-public-cache", null)).EnsureSuccessStatusCode();

    private static async Task<(double Ms, string Body)> TimeAsync(HttpClient client, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }
        return (ms, body);
    }

    /// <summary>
    /// <c>verify-audit --timing</c> of the published app on the same database, timed whole, and the chains' own time and
    /// entries a second as the command reports them (its start, migration check and list of streets left out).
    /// </summary>
    private static async Task VerifyAuditAsync(string appFolder, IReadOnlyDictionary<string, string> settings, string connection, bool postgres)
    {
        long entries;
        if (postgres)
        {
            await using var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM \"AuditEntries\"", pg);
            entries = (long)(await count.ExecuteScalarAsync())!;
        }
        else
        {
            await using var sqlite = new SqliteConnection(connection);
            await sqlite.OpenAsync();
            await using var count = new SqliteCommand("SELECT COUNT(*) FROM \"AuditEntries\"", sqlite);
            entries = (long)(await count.ExecuteScalarAsync())!;
        }
        var (whole, exit, output) = await RunCommandAsync(appFolder, settings, "verify-audit", "--timing");
        // The command's last line: the entries it verified and the chains' own time, without its start.
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timed = TimedLine().Match(lines[^1]);
        Console.WriteLine();
        Console.WriteLine("| verify-audit | entries (table) | entries verified | chains | whole command s | verification s | entries per second | exit code |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all chains | {entries:N0} | {timed.Groups[1].Value} | {lines.Length - 1} | {whole:F2} | {timed.Groups[2].Value} | {timed.Groups[3].Value} | {exit} |"));
    }

    [GeneratedRegex(@"^(\d+) entries verified in ([\d.]+) s \((\d+) entries a second\)$")]
    private static partial Regex TimedLine();

    private static async Task<(double Seconds, int Exit, string Output)> RunCommandAsync(string appFolder, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(appFolder, "CongressHub.Web.dll"), .. args])
        {
            WorkingDirectory = appFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if ((await error).Trim() is { Length: > 0 } e)
        {
            Console.Error.WriteLine(e);
        }
        return (seconds, process.ExitCode, await output);
    }

    private static HttpClient NewClient(string url, bool cookies) =>
        new(new SocketsHttpHandler { UseCookies = cookies, CookieContainer = new CookieContainer(), AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(5),
        };

    /// <summary>The sign-in form, as a browser fills it (antiforgery token and all); the cookie stays in the client.</summary>
    private static async Task SignInAsync(HttpClient client, string userName)
    {
        var form = await client.GetStringAsync("/signin");
        var token = WebUtility.HtmlDecode(AntiforgeryPattern().Match(form).Groups[1].Value);
        using var response = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "password",
            ["Input.UserName"] = userName,
            ["Input.Password"] = Password,
        }));
        var to = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode != HttpStatusCode.Redirect || to.Contains("signin", StringComparison.OrdinalIgnoreCase) || to.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{userName} could not sign in ({(int)response.StatusCode} {to}).");
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string user)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The highest number (<c>YYYY-Qn-NN</c>) linked from the resolutions list.</summary>
    private static string NewestResolution(string html, string slug) =>
        Regex.Matches(html, $@"/s/{Regex.Escape(slug)}/resolutions/(\d{{4}})-Q(\d)-(\d+)")
            .Select(m => (Number: $"{m.Groups[1].Value}-Q{m.Groups[2].Value}-{m.Groups[3].Value}",
                Key: (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))))
            .OrderByDescending(x => x.Key).Select(x => x.Number).FirstOrDefault() ?? "";

    /// <summary>A value of each filter of the public opinions page: a state with work in hand if there is one, the first community and category.</summary>
    private static (string?, string?, string?) Filters(string html)
    {
        string[] Options(string select) =>
            Regex.Match(html, $@"<select id=""{select}""[^>]*>(.*?)</select>", RegexOptions.Singleline) is { Success: true } m
                ? [.. Regex.Matches(m.Groups[1].Value, @"<option value=""([^""]+)""").Select(o => WebUtility.HtmlDecode(o.Groups[1].Value))]
                : [];
        var states = Options("state");
        return (states.FirstOrDefault(s => s == "InProgress") ?? states.FirstOrDefault(), Options("community").FirstOrDefault(), Options("category").FirstOrDefault());
    }

    /// <summary>The first child of a sitemap index (<c>&lt;sitemapindex&gt;</c>), as a path; null for a plain sitemap.</summary>
    private static string? ChildSitemap(string xml, string url) =>
        xml.Contains("<sitemapindex", StringComparison.Ordinal) && Regex.Match(xml, "<loc>([^<]+)</loc>") is { Success: true } m
            ? new Uri(WebUtility.HtmlDecode(m.Groups[1].Value)).PathAndQuery
            : null;

    private static double Quantile(double[] samples, double q)
    {
        var s = samples.Order().ToArray();
        return s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
    }

    private static string Kept(double[] samples, double q) =>
        samples.Length == 0 ? "— (never kept)" : Quantile(samples, q).ToString("F1", CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> tables) => tables.Count == 0 ? "none" : string.Join(", ", tables);

    private static string OneLine(string sql)
    {
        var line = Regex.Replace(sql, @"\s+", " ").Trim();
        return line.Length <= 240 ? line : line[..240] + " …";
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
