namespace CongressHub.Tests.Support;

/// <summary>
/// The real app on its own copy of the demo database, started once for a test class: its tests run one after another
/// and each works with people and records of its own or only reads, so starting a host for each of them (a second or
/// more apiece) bought nothing.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public AppFactory App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await AppFactory.CreateAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>A test class over the real app (<see cref="AppFixture"/>), with a fresh client for each test that keeps cookies and shows redirects.</summary>
public abstract class AppTest(AppFixture fixture) : IClassFixture<AppFixture>, IDisposable
{
    protected AppFactory App { get; } = fixture.App;

    private static int _clients;

    /// <summary>The test's client, from an address of its own (<see cref="TestClientAddress"/>), so that the per-client limits of one test leave the others alone.</summary>
    protected HttpClient Client { get; } = NewClient(fixture.App);

    private static HttpClient NewClient(AppFactory app)
    {
        var client = app.NewBrowserClient();
        var n = Interlocked.Increment(ref _clients);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, $"10.77.{n / 250 % 250}.{n % 250 + 1}");
        return client;
    }

    public void Dispose()
    {
        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A test class whose tests each need the app as the demo left it (they count comments, audit entries or a session's
/// votes that the class's other tests would add to): a host of their own for each test.
/// </summary>
public abstract class FreshAppTest : IAsyncLifetime
{
    protected AppFactory App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await AppFactory.CreateAsync();
        Client = App.NewBrowserClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
