using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CongressHub.Web.Components.Shared;

/// <summary>A working page that acts for the signed-in user: <see cref="Me"/> is what every service call is given.</summary>
public abstract class ActorPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    protected Actor Me { get; private set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        Me = Actor.FromPrincipal(AuthState is null ? null : (await AuthState).User) ?? throw new ForbiddenException();
        await OnActorReadyAsync();
    }

    protected virtual Task OnActorReadyAsync() => Task.CompletedTask;
}
