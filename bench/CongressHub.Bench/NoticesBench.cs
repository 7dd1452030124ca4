using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CongressHub.Domain;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Bench;

/// <summary>
/// A city's session week by e-mail: S streets (default 50) with 40 delegates each, every one with an e-mail address,
/// each street's session called and, a minute and a half later, due for its reminder. The published app sends them
/// through a local SMTP server (Debian's python3-aiosmtpd, writing a maildir), while a client measures the app's
/// request latency. Reports the time to the last call and the last reminder accepted, and latency idle vs sending.
/// </summary>
internal static class NoticesBench
{
    public static async Task RunAsync(string[] args)
    {
        var streets = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 50;
        const int perStreet = 40;
        var appFolder = await AppUnderTest.PublishAsync();
        var mailPort = AppUnderTest.FreePort();
        var maildir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-bench-mail", Guid.NewGuid().ToString("N"))).FullName;
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }
        using var smtp = Process.Start(new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{mailPort}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start: apt-get install python3-aiosmtpd");
        await WaitForPortAsync(mailPort);

        DateTime sessionsAt = default;
        await using var app = await AppUnderTest.StartAsync(appFolder, async services =>
        {
            sessionsAt = DateTime.UtcNow.AddHours(24).AddSeconds(90);
            await CityAsync(services, streets, perStreet, sessionsAt);
        }, new Dictionary<string, string>
        {
            ["Notices__Email__Host"] = "127.0.0.1",
            ["Notices__Email__Port"] = mailPort.ToString(CultureInfo.InvariantCulture),
            ["Notices__Email__Security"] = "None",
            ["Notices__Email__From"] = "congress@example.cn",
            ["Notices__DigestMinutes"] = "0",
            ["Notices__ReminderHours"] = "24",
            ["Notices__PollSeconds"] = "1",
            ["Notices__DailyCap"] = "100",
            ["Notices__QuietHours"] = "",
            ["Notices__Delegate"] = "Email",
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        // The convener's API (the public pages limit a client's rate): a session list and the tracked items, both read from the database.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await PagesBench.TokenAsync(http, "convener"));
        var idle = new Latency(1, 1);
        await LoadAsync(http, idle, TimeSpan.FromSeconds(10), () => false);

        // The calls: written as SessionService.PublishAsync writes them, now that the app runs.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CongressHub"] = $"Data Source={Path.Combine(app.Folder, "bench.db")}" }).Build();
        await using var domain = new ServiceCollection().AddLogging().AddCongressDomain(config, app.Folder).BuildServiceProvider();
        var factory = domain.GetRequiredService<IDbContextFactory<CongressDbContext>>();
        var clock = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var session in await db.Sessions.Where(x => x.Title.StartsWith("全市会议周")).ToListAsync())
            {
                await NoticeWriter.ToDelegatesAsync(db, session.StreetId, session.TermId, NoticeKind.SessionCall, $"session-published:{session.Id}", $"/sessions/{session.Id}",
                    DateTime.UtcNow, default, "Notice.SessionPublished", session.Title, SystemText.FormalTime(session.ScheduledUtc), session.Place);
            }
            await db.SaveChangesAsync();
        }
        var written = clock.Elapsed;
        var calls = streets * perStreet;
        var sending = new Latency(1, 1);
        double callsDone = 0, remindersDone = 0;
        await LoadAsync(http, sending, TimeSpan.FromMinutes(10), () =>
        {
            var n = Count(maildir);
            if (callsDone == 0 && n >= calls)
            {
                callsDone = clock.Elapsed.TotalSeconds;
            }
            if (n >= 2 * calls)
            {
                remindersDone = clock.Elapsed.TotalSeconds;
                return true;
            }
            return false;
        });
        double remindersDue;
        int duplicates, failed;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var firstReminder = await db.Notices.Where(n => n.Kind == NoticeKind.Reminder).MinAsync(n => (DateTime?)n.CreatedUtc);
            remindersDue = firstReminder is { } f ? (f - (DateTime.UtcNow - clock.Elapsed)).TotalSeconds : double.NaN;
            duplicates = await db.NoticeDeliveries.SumAsync(d => d.Duplicates);
            failed = await db.NoticeDeliveries.CountAsync(d => d.State == DeliveryState.Failed);
        }
        smtp.Kill();

        Console.WriteLine($"{streets} sessions × {perStreet} delegates by e-mail through aiosmtpd; the app's outbox polls every 1 s");
        Console.WriteLine("| | value |");
        Console.WriteLine("| --- | --- |");
        Console.WriteLine($"| session calls written (one transaction) | {calls} in {written.TotalMilliseconds:F0} ms |");
        Console.WriteLine($"| last call accepted by the SMTP server | {callsDone:F1} s after they were written ({calls / Math.Max(0.001, callsDone):F0}/s) |");
        Console.WriteLine($"| reminders written by the app | {remindersDue:F1} s after the calls |");
        Console.WriteLine($"| last reminder accepted | {remindersDone:F1} s ({remindersDone - remindersDue:F1} s after they were due) |");
        Console.WriteLine($"| e-mails in the mailbox | {Count(maildir)} (failed {failed}, counted as possibly sent twice {duplicates}) |");
        Console.WriteLine($"| request latency idle (GET /api/sessions, /api/me) | {idle.Requests()} |");
        Console.WriteLine($"| request latency while sending | {sending.Requests()} |");
    }

    /// <summary>Requests one after another until <paramref name="done"/> or the time is up, recording each one's time.</summary>
    private static async Task LoadAsync(HttpClient http, Latency latency, TimeSpan atMost, Func<bool> done)
    {
        var until = Stopwatch.StartNew();
        var paths = new[] { "/api/sessions", "/api/me" };
        var i = 0;
        while (until.Elapsed < atMost && !done())
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(paths[i++ % paths.Length]);
            response.EnsureSuccessStatusCode();
            latency.RequestTook(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(20);
        }
        if (until.Elapsed >= atMost && atMost > TimeSpan.FromMinutes(1))
        {
            throw new TimeoutException("The notices were not all sent within " + atMost);
        }
    }

    private static int Count(string maildir) => Directory.Exists(Path.Combine(maildir, "new")) ? Directory.GetFiles(Path.Combine(maildir, "new")).Length : 0;

    /// <summary>The city: streets beside the demo's, each with a term, 40 delegates with e-mail addresses and one published session.</summary>
    private static async Task CityAsync(IServiceProvider services, int streets, int perStreet, DateTime sessionsAt)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CongressDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < streets; i++)
        {
            var street = Street.Create(new StreetInput($"city{i:D3}", $"全市第{i + 1}街道"), DateTime.UtcNow);
            db.Streets.Add(street);
            await db.SaveChangesAsync();
            var term = Term.Create(street.Id, new TermInput(1, today.AddYears(-1), today.AddYears(4)));
            db.Terms.Add(term);
            await db.SaveChangesAsync();
            var delegates = Enumerable.Range(1, perStreet).Select(k => CongressDelegate.Create(street.Id, term.Id, new DelegateInput($"代表{i:D3}{k:D2}", DelegateCategory.PeoplesCongressDeputy, null, null))).ToList();
            db.Delegates.AddRange(delegates);
            await db.SaveChangesAsync();
            foreach (var d in delegates)
            {
                var user = new CongressUser
                {
                    UserName = $"c{i:D3}d{d.Id}", NormalizedUserName = $"C{i:D3}D{d.Id}", StreetId = street.Id, DelegateId = d.Id, DisplayName = d.Name,
                    Email = $"c{i:D3}d{d.Id}@example.cn", NoticeChannels = NoticeChannel.Email, SecurityStamp = Guid.NewGuid().ToString("N"),
                };
                db.Users.Add(user);
                d.LinkAccount(user.Id);
            }
            var session = Session.Create(street.Id, term.Id, new SessionInput(SessionKind.Regular, $"全市会议周：第{i + 1}街道例会", sessionsAt, $"第{i + 1}街道社区活动中心"));
            db.Sessions.Add(session);
            await db.SaveChangesAsync();
            db.AgendaItems.Add(AgendaItem.Create(session.Id, 1, AgendaItemInput.RegularSessionTemplate()[0]));
            session.Publish(1);
            await db.SaveChangesAsync();
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
