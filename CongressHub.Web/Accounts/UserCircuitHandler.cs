using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CongressHub.Web.Accounts;

/// <summary>One per circuit: tells <see cref="UserCircuits"/> whose circuit it is and when its connection comes and goes.</summary>
internal sealed class UserCircuitHandler(
    UserCircuits circuits,
    CircuitCloser closer,
    AuthenticationStateProvider auth,
    IOptions<IdentityOptions> identity) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirst(identity.Value.ClaimsIdentity.UserIdClaimType)?.Value;
        if (user.Identity?.IsAuthenticated != true || userId is null)
        {
            // Pages without a sign-in (the projector) are not any account's.
            return;
        }
        var revalidating = auth as RevalidatingAuthStateProvider;
        await circuits.OpenedAsync(circuit.Id, userId, () => revalidating?.SignOut(), () => closer.CloseAsync(circuit));
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.ConnectionUp(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.ConnectionDown(circuit.Id);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed(circuit.Id);
        return Task.CompletedTask;
    }
}
