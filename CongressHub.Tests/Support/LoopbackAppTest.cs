namespace CongressHub.Tests.Support;

/// <summary>
/// A test class over the real app served by Kestrel on a loopback port (for SignalR clients and plain HTTP), on its own
/// copy of the demo database.
/// </summary>
public abstract class LoopbackAppTest : IAsyncLifetime
{
    protected AppFactory App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected string BaseUrl { get; private set; } = "";

    /// <summary>Settings of the app under test, beside the test database's.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        App = await AppFactory.CreateAsync(settings: Settings);
        BaseUrl = App.StartOnLoopback();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
