using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace CongressHub.Web.Components.Shared;

/// <summary>A page or piece whose buttons call services: <see cref="Busy"/> while a call runs, a refusal said in words.</summary>
public abstract class ActionComponent : ComponentBase
{
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    private (string Selector, long Until)? _focusNext;

    /// <summary>A call of <see cref="RunAsync"/> is under way: its buttons are disabled meanwhile.</summary>
    protected bool Busy { get; private set; }

    /// <summary>
    /// Moves focus, once the next render shows it, to the first element <paramref name="selector"/> finds: after an
    /// action, the keyboard or screen reader user goes on from where the action led (app.js, <c>congressHub.focus</c>).
    /// What the action changed may come with the session's next state, a moment later: the move waits for it, for a
    /// few seconds at most.
    /// </summary>
    protected void FocusAfterRender(string selector) => _focusNext = (selector, Environment.TickCount64 + 5000);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusNext is not { } next)
        {
            return;
        }
        try
        {
            if (await JS.InvokeAsync<bool>("congressHub.focus", next.Selector) || Environment.TickCount64 > next.Until)
            {
                _focusNext = null;
            }
        }
        catch (JSDisconnectedException)
        {
            // The page has gone: nothing to focus.
        }
    }

    /// <summary>
    /// Runs a service call for a button. A refusal is shown in the service's words, in <paramref name="errors"/> above the
    /// form when given, else as a message, and nothing else happens; success is said with <paramref name="done"/> when given.
    /// True when the call went through.
    /// </summary>
    protected async Task<bool> RunAsync(Func<Task> action, string? done = null, FormErrors? errors = null)
    {
        Busy = true;
        try
        {
            if (errors is not null)
            {
                if (!await errors.RunAsync(action))
                {
                    return false;
                }
            }
            else
            {
                try
                {
                    await action();
                }
                catch (DomainException ex)
                {
                    Snackbar.Add(ex.Message, Severity.Error);
                    return false;
                }
            }
            if (done is not null)
            {
                Snackbar.Add(done, Severity.Success);
            }
            return true;
        }
        finally
        {
            Busy = false;
        }
    }
}
