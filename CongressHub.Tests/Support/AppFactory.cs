using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CongressHub.Tests.Support;

/// <summary>
/// The real app over HTTP on a copy of the seeded demo database. <see cref="StartOnLoopback"/> serves it on a real
/// Kestrel port for the browser tests.
/// </summary>
public sealed partial class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath;
    private readonly ErrorLog? _errors;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private AppFactory(string databasePath, ErrorLog? errors, IReadOnlyDictionary<string, string>? settings) =>
        (_databasePath, _errors, _settings) = (databasePath, errors, settings ?? new Dictionary<string, string>());

    /// <summary>
    /// The app on a copy of the demo; with <paramref name="errors"/>, every error it logs is recorded there; with
    /// <paramref name="settings"/>, configured so (<c>Limits:PublicRequestsPerMinute</c> = 3).
    /// </summary>
    public static async Task<AppFactory> CreateAsync(ErrorLog? errors = null, IReadOnlyDictionary<string, string>? settings = null) =>
        new(await TestDatabase.CopyTemplateAsync(), errors, settings);

    /// <summary>The app on an existing database file (not a copy), configured with <paramref name="settings"/>.</summary>
    public static AppFactory On(string databasePath, IReadOnlyDictionary<string, string>? settings = null) => new(databasePath, null, settings);

    public string DataFolder => Path.GetDirectoryName(_databasePath)!;

    /// <summary>The app's e-mail: a channel that records what it is given, in place of an SMTP server (no demo account has an address).</summary>
    public RecordingChannel Email { get; } = new(Domain.Notices.NoticeChannel.Email);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CongressHub", $"Data Source={_databasePath}");
        builder.UseSetting("DataProtection:KeysFolder", Path.Combine(DataFolder, "keys"));
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            services.AddSingleton<Domain.Notices.INoticeChannel>(Email);
        });
        if (_errors is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_errors));
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns its address.</summary>
    public string StartOnLoopback()
    {
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().TrimEnd('/');
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where the app sends people.</summary>
    public HttpClient NewBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form (antiforgery token and all).</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/signin");
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(form),
            ["_handler"] = "password",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpResponseMessage> PostCardSignInAsync(HttpClient client, string code)
    {
        var form = await client.GetStringAsync("/card?code=" + Uri.EscapeDataString(code));
        return await client.PostAsync("/card", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(form),
            ["_handler"] = "card",
            ["Card.Code"] = code,
        }));
    }

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password = Domain.Seeding.DemoSeeder.Password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    /// <summary>Where a redirect sends the browser, as a path and query.</summary>
    public static string? Where(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>An API call with a bearer token, and an optional JSON body.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    public static async Task<System.Text.Json.JsonElement> GetJsonAsync(HttpClient client, string url, string token)
    {
        var response = await SendAsync(client, HttpMethod.Get, url, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    public static string Antiforgery(string html) =>
        AntiforgeryPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    public sealed record TokenBody(string AccessToken, DateTimeOffset ExpiresAt);
}
