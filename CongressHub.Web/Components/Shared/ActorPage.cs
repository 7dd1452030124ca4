using CongressHub.Domain.Common;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CongressHub.Web.Components.Shared;

/// <summary>A working page that acts for the signed-in user: <see cref="Me"/> is what every service call is given.</summary>
public abstract class ActorPage : ActionComponent, IDisposable
{
    private readonly List<IDisposable> _follows = [];
    private int _reads;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] protected CongressNotifier Notifier { get; set; } = default!;

    protected Actor Me { get; private set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        Me = Actor.FromPrincipal(AuthState is null ? null : (await AuthState).User) ?? throw new ForbiddenException();
        await OnActorReadyAsync();
    }

    protected virtual Task OnActorReadyAsync() => Task.CompletedTask;

    /// <summary>Acts from now on as <paramref name="actor"/>: the same user, seen as a member of another voting body.</summary>
    protected void ActAs(Actor actor) => Me = actor.UserId == Me.UserId ? actor : throw new ForbiddenException();

    /// <summary>
    /// Follows the changes of the user's street until the page goes (or the returned subscription is disposed): each event
    /// that <paramref name="when"/> picks, and every <see cref="LinkRestored"/> (events of other nodes may have been missed),
    /// runs <paramref name="reload"/> through <see cref="RefreshAsync"/>. Call it before the first read, so that a change
    /// made in between is not missed.
    /// </summary>
    protected IDisposable FollowStreet(Func<CongressEvent, bool> when, Func<Task> reload)
    {
        if (Me.StreetId is not { } street)
        {
            // Nothing of a street is shown to a user without one.
            return NoStreet.Instance;
        }
        var follow = Notifier.SubscribeStreet(street, e => e is LinkRestored || when(e) ? InvokeAsync(() => RefreshAsync(reload)) : Task.CompletedTask);
        _follows.Add(follow);
        return follow;
    }

    /// <summary>
    /// Runs <paramref name="reload"/> and renders. A record that moved out of reach keeps its last view (nothing is
    /// deleted); any other failure goes to the page's error boundary.
    /// </summary>
    protected async Task RefreshAsync(Func<Task> reload)
    {
        try
        {
            await reload();
            StateHasChanged();
        }
        catch (NotFoundException)
        {
            // The last view stays.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>
    /// Reads with <paramref name="read"/> and shows the result with <paramref name="show"/>, unless a later read started
    /// meanwhile: of overlapping reads (events close together, a filter being typed) only the one started last is shown,
    /// since an earlier one may have read the state before the latest change.
    /// </summary>
    protected async Task ShowNewestAsync<T>(Func<Task<T>> read, Action<T> show)
    {
        var number = ++_reads;
        var result = await read();
        if (number == _reads)
        {
            show(result);
        }
    }

    public virtual void Dispose()
    {
        foreach (var follow in _follows)
        {
            follow.Dispose();
        }
        _follows.Clear();
        GC.SuppressFinalize(this);
    }

    private sealed class NoStreet : IDisposable
    {
        public static readonly NoStreet Instance = new();

        public void Dispose()
        {
        }
    }
}
