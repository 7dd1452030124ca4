using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CongressHub.Tests.Components;

/// <summary>A button's service call on any page or piece: busy while it runs, a refusal said in words, success said when asked.</summary>
public class ActionComponentTests : ComponentTest
{
    private IEnumerable<(string? Message, Severity Severity)> Said =>
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => (s.Message, s.Severity));

    [Fact]
    public async Task Run_WhileTheCallRuns_IsBusy_AndSaysWhatWasDone()
    {
        var piece = Render<Buttons>();
        var call = new TaskCompletionSource();

        Task<bool> run = null!;
        await piece.InvokeAsync(() => { run = piece.Instance.Run(() => call.Task, "已保存"); });
        Assert.True(piece.Instance.IsBusy);
        await piece.InvokeAsync(call.SetResult);

        Assert.True(await run);
        Assert.False(piece.Instance.IsBusy);
        Assert.Equal([("已保存", Severity.Success)], Said);
    }

    [Fact]
    public async Task Run_WhenTheServiceRefuses_SaysWhy_AndIsNoLongerBusy()
    {
        var piece = Render<Buttons>();

        var done = await piece.InvokeAsync(() => piece.Instance.Run(() => throw new ForbiddenException(), "已保存"));

        Assert.False(done);
        Assert.False(piece.Instance.IsBusy);
        Assert.Equal([(new ForbiddenException().Message, Severity.Error)], Said);
    }

    [Fact]
    public async Task Run_WithFormErrors_ShowsTheRefusalAboveTheForm_NotAsAMessage()
    {
        var piece = Render<Buttons>();
        var errors = new FormErrors();

        var done = await piece.InvokeAsync(() => piece.Instance.Run(
            () => throw new ValidationFailedException([new FieldError("Title", "请填写标题。")]), "已保存", errors));

        Assert.False(done);
        Assert.Equal("请填写标题。", errors.For("Title"));
        Assert.Equal("请填写标题。", errors.Summary);
        Assert.Empty(Said);
    }

    [Fact]
    public async Task Run_AFailureThatIsNoRefusal_IsNotSwallowed()
    {
        var piece = Render<Buttons>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => piece.InvokeAsync(() => piece.Instance.Run(() => throw new InvalidOperationException())));

        Assert.False(piece.Instance.IsBusy);
        Assert.Empty(Said);
    }

    public sealed class Buttons : ActionComponent
    {
        public bool IsBusy => Busy;

        public Task<bool> Run(Func<Task> action, string? done = null, FormErrors? errors = null) => RunAsync(action, done, errors);

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
        }
    }
}
