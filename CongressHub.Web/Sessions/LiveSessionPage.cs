using CongressHub.Domain.Common;
using CongressHub.Domain.Live;
using CongressHub.Domain.Sessions;
using CongressHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CongressHub.Web.Sessions;

/// <summary>
/// A page that shows one session and follows it live: it reads the current snapshot, then takes every newer one
/// from the notifier, ignoring any that is older than what it shows.
/// </summary>
public abstract class LiveSessionPage : ActorPage
{
    private IDisposable? _subscription;

    [Parameter] public int Id { get; set; }

    [Inject] protected SessionService Sessions { get; set; } = default!;

    [Inject] private SnapshotBuilder Snapshots { get; set; } = default!;

    [Inject] protected NavigationManager Nav { get; set; } = default!;

    [Inject] protected IStringLocalizer<SharedResource> Text { get; set; } = default!;

    protected SessionSnapshot? Snapshot { get; private set; }

    /// <summary>What the page's announcer says about the latest change (<see cref="Announcer"/>).</summary>
    protected HallNews News { get; private set; } = HallNews.None;

    protected override async Task OnActorReadyAsync()
    {
        SessionSnapshot first;
        try
        {
            // At a council's meeting the user takes part as their member of the council, not as a congress delegate.
            if (await Sessions.MemberOfSessionAsync(Me, Id) is var member && member != Me.DelegateId)
            {
                ActAs(Me with { DelegateId = member });
            }
            // Read with the user's rights in the session's turn and subscribed before the next state goes out.
            first = await Notifier.ReadAsync(Id, ct => Snapshots.ReadAsync(Me, Id, ct), () =>
            {
                _subscription = Notifier.Subscribe(Id, snapshot => InvokeAsync(async () =>
                {
                    try
                    {
                        var before = Snapshot;
                        if (Apply(snapshot))
                        {
                            News = News.Then(HallNews.Between(before, snapshot, Me.DelegateId, Text));
                            await OnSnapshotAsync(snapshot);
                            StateHasChanged();
                        }
                    }
                    catch (Exception ex)
                    {
                        await DispatchExceptionAsync(ex);
                    }
                }));
                return Task.CompletedTask;
            });
        }
        catch (NotFoundException)
        {
            Nav.NotFound();
            return;
        }
        Apply(first);
    }

    protected virtual Task OnSnapshotAsync(SessionSnapshot snapshot) => Task.CompletedTask;

    private bool Apply(SessionSnapshot snapshot)
    {
        if (Snapshot is not null && snapshot.Sequence <= Snapshot.Sequence)
        {
            return false;
        }
        Snapshot = snapshot;
        return true;
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
