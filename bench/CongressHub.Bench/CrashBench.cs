using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace CongressHub.Bench;

/// <summary>
/// A node killed (SIGKILL) in the middle of a secret vote's burst: the ballots acknowledged before the kill, those
/// whose answer the kill cut off (each phone sends again once the app is back: 201 if it was not stored, 409 if it
/// was), and what the vote counts once closed after the restart. Every delegate must be counted exactly once.
/// </summary>
internal static class CrashBench
{
    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--delegates");
        var n = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 400;
        var appFolder = await AppUnderTest.PublishAsync("congresshub-bench-crash-app");
        var prepared = new VotesBench.Prepared();
        await using var app = await AppUnderTest.StartAsync(appFolder, sp => VotesBench.PrepareAsync(sp, 1, n - 40, prepared));
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        var convener = await VotesBench.TokenAsync(http, new { userName = "convener", password = Domain.Seeding.DemoSeeder.Password });
        var tokens = await VotesBench.VoterTokensAsync(http, prepared.Codes);
        var voteId = await VotesBench.OpenAsync(http, convener, prepared.Votes[0].Motion);

        // The burst; once half of the hall has its ballot acknowledged, the node is killed.
        var answers = new ConcurrentDictionary<int, string>();
        var acked = 0;
        using var killed = new CancellationTokenSource();
        var burst = Parallel.ForEachAsync(Enumerable.Range(0, tokens.Count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            try
            {
                var status = await VotesBench.CastAsync(http, tokens[c], voteId, VotesBench.Choices[VotesBench.ChoiceOf(c)]);
                answers[c] = status == HttpStatusCode.Created ? "acked" : ((int)status).ToString(CultureInfo.InvariantCulture);
                if (status == HttpStatusCode.Created && Interlocked.Increment(ref acked) == tokens.Count / 2)
                {
                    killed.Cancel();
                }
            }
            catch (HttpRequestException)
            {
                answers[c] = "cut off";
            }
        });
        await Task.WhenAny(burst, Task.Delay(Timeout.Infinite, killed.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        var url = await app.KillAndRestartAsync();
        await burst;
        var ackedBeforeKill = answers.Count(a => a.Value == "acked");
        var cutOff = answers.Where(a => a.Value != "acked").Select(a => a.Key).Concat(Enumerable.Range(0, tokens.Count).Where(c => !answers.ContainsKey(c))).Distinct().ToList();
        Console.WriteLine($"crash: {tokens.Count} delegates; killed after {ackedBeforeKill} ballots acknowledged; {cutOff.Count} without an answer");

        // Back up: every phone without an answer sends its ballot again.
        using var again = new HttpClient { BaseAddress = new Uri(url) };
        var resent = new ConcurrentDictionary<int, HttpStatusCode>();
        await Parallel.ForEachAsync(cutOff, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            resent[c] = await VotesBench.CastAsync(again, tokens[c], voteId, VotesBench.Choices[VotesBench.ChoiceOf(c)]));
        var storedUnacknowledged = resent.Count(r => r.Value == HttpStatusCode.Conflict);
        var storedOnResend = resent.Count(r => r.Value == HttpStatusCode.Created);
        var other = resent.Count(r => r.Value is not (HttpStatusCode.Conflict or HttpStatusCode.Created));
        var result = await VotesBench.CloseAsync(again, convener, voteId);

        var expected = new int[VotesBench.Choices.Length];
        for (var c = 0; c < tokens.Count; c++)
        {
            expected[VotesBench.ChoiceOf(c)]++;
        }
        var counted = VotesBench.Choices.Select(k => result.GetProperty(k).GetInt32()).ToArray();
        var lost = expected.Zip(counted).Sum(x => Math.Max(0, x.First - x.Second));
        var extra = expected.Zip(counted).Sum(x => Math.Max(0, x.Second - x.First));
        Console.WriteLine();
        Console.WriteLine("| delegates | acknowledged before the kill | cut off by the kill | of those, stored (409 on resend) | stored on resend (201) | other answers | counted yes / no / abstain | expected | lost | extra |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine($"| {tokens.Count} | {ackedBeforeKill} | {cutOff.Count} | {storedUnacknowledged} | {storedOnResend} | {other} | {string.Join(" / ", counted)} | {string.Join(" / ", expected)} | {lost} | {extra} |");
        Console.WriteLine(lost == 0 && extra == 0 && other == 0 ? "verdict: every delegate counted exactly once" : "verdict: FAILED");
    }
}
