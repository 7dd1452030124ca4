using CongressHub.Domain.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CongressHub.Web.Components.Shared;

/// <summary>A page or piece whose buttons call services: <see cref="Busy"/> while a call runs, a refusal said in words.</summary>
public abstract class ActionComponent : ComponentBase
{
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A call of <see cref="RunAsync"/> is under way: its buttons are disabled meanwhile.</summary>
    protected bool Busy { get; private set; }

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
