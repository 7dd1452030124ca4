namespace CongressHub.Tests.Support;

/// <summary>A test class over the real app on its own copy of the demo database, with a client that keeps cookies and shows redirects.</summary>
public abstract class AppTest : IAsyncLifetime
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
