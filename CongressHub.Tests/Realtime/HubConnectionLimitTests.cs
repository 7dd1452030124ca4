using System.Text.Json;
using CongressHub.Domain.Live;
using CongressHub.Tests.Support;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Tests.Realtime;

/// <summary>How many hub connections one device token may hold: past the limit its oldest goes, never the newest.</summary>
public class HubConnectionLimitTests : LoopbackAppTest
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Limits:HubConnectionsPerToken"] = "2" };

    [Fact]
    public async Task OneTokenPastTheLimit_LosesItsOldestConnection_TheNewestAndOtherTokensStay()
    {
        var token = await AppFactory.TokenAsync(Client, "delegate08");
        var other = await AppFactory.TokenAsync(Client, "delegate08");
        var oldest = await StartAsync(token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        oldest.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var second = await StartAsync(token);
        var otherToken = await StartAsync(other);

        // A phone that reconnects comes back before the server noticed its old connection went: it is let in.
        var reconnected = await StartAsync(token);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var id = await LiveSessionIdAsync();
        var joined = await reconnected.InvokeAsync<SessionSnapshot>("JoinSession", id, TestContext.Current.CancellationToken);

        Assert.Equal(HubConnectionState.Disconnected, oldest.State);
        Assert.Equal(HubConnectionState.Connected, second.State);
        Assert.Equal(HubConnectionState.Connected, otherToken.State);
        Assert.Equal(id, joined.SessionId);
        var userId = (await Accounts.SignInTests.ActorOf(App, "delegate08")).UserId;
        Assert.Equal(3, App.Services.GetRequiredService<HubConnections>().CountOf(userId));
        foreach (var hub in new[] { oldest, second, otherToken, reconnected })
        {
            await hub.DisposeAsync();
        }
    }

    private async Task<HubConnection> StartAsync(string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(BaseUrl + "/hubs/congress", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        await hub.StartAsync(TestContext.Current.CancellationToken);
        return hub;
    }

    private async Task<int> LiveSessionIdAsync()
    {
        var sessions = await AppFactory.GetJsonAsync(Client, "/api/sessions", await AppFactory.TokenAsync(Client, "convener"));
        return sessions.EnumerateArray().Single(s => s.GetProperty("status").GetString() == "live").GetProperty("id").GetInt32();
    }
}
