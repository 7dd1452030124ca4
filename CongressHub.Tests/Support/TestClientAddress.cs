using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CongressHub.Tests.Support;

/// <summary>
/// Requests through the in-memory test server have no client address; a test that plays several clients names one in
/// the <c>X-Test-Client</c> header (an IP address), as a real connection would carry it.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((ctx, nextMiddleware) =>
        {
            if (IPAddress.TryParse(ctx.Request.Headers[Header].ToString(), out var address))
            {
                ctx.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(ctx);
        });
        next(app);
    };
}
