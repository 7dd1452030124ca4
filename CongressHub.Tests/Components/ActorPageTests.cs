using Bunit;
using CongressHub.Domain.Common;
using CongressHub.Tests.Support;
using CongressHub.Web.Components.Shared;
using CongressHub.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace CongressHub.Tests.Components;

/// <summary>How every working page follows its street: what makes it read again, and which read it shows.</summary>
public class ActorPageTests : ComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void FollowStreet_AnEventItPicks_ReadsAgainAndShowsIt()
    {
        var street = SignInAs("convener").StreetId!.Value;
        var page = Render<StreetPage>(p => p.Add(x => x.Read, n => Task.FromResult(n * 10)));
        page.WaitForAssertion(() => Assert.Equal("shown 10", page.Markup));

        Notifier.Publish(new MotionChanged(street, 1));

        page.WaitForAssertion(() => Assert.Equal("shown 20", page.Markup));
    }

    [Fact]
    public void FollowStreet_WhenTheLinkBetweenNodesComesBack_ReadsAgain_WhateverItPicks()
    {
        SignInAs("convener");
        var page = Render<StreetPage>(p => p
            .Add(x => x.Read, n => Task.FromResult(n * 10))
            .Add(x => x.When, _ => false));
        page.WaitForAssertion(() => Assert.Equal("shown 10", page.Markup));

        Notifier.Resynchronize();

        page.WaitForAssertion(() => Assert.Equal("shown 20", page.Markup));
    }

    [Fact]
    public async Task ShowNewest_OfOverlappingReads_ShowsOnlyTheOneStartedLast()
    {
        var street = SignInAs("convener").StreetId!.Value;
        var reads = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        reads[1].SetResult(10);
        var page = Render<StreetPage>(p => p.Add(x => x.Read, n =>
        {
            started[n].SetResult();
            return reads[n].Task;
        }));
        page.WaitForAssertion(() => Assert.Equal("shown 10", page.Markup));
        Notifier.Publish(new MotionChanged(street, 1));
        await started[2].Task.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken);
        Notifier.Publish(new MotionChanged(street, 1));
        await started[3].Task.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken);
        var renders = page.RenderCount;

        reads[3].SetResult(30);
        page.WaitForAssertion(() => Assert.Equal(renders + 1, page.RenderCount));
        reads[2].SetResult(20);

        page.WaitForAssertion(() => Assert.Equal(renders + 2, page.RenderCount));
        Assert.Equal([10, 30], page.Instance.Shown);
        Assert.Equal("shown 30", page.Markup);
    }

    [Fact]
    public async Task FollowStreet_ARecordGoneOutOfReach_KeepsTheLastView()
    {
        var street = SignInAs("convener").StreetId!.Value;
        var readAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var boundary = Render<ErrorBoundary>(b => b.AddChildContent<StreetPage>(p => p.Add(x => x.Read, n =>
        {
            if (n == 1)
            {
                return Task.FromResult(10);
            }
            readAgain.SetResult();
            throw new NotFoundException();
        })));
        boundary.WaitForAssertion(() => Assert.Equal("shown 10", boundary.Markup));

        Notifier.Publish(new MotionChanged(street, 1));
        await readAgain.Task.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken);
        await boundary.InvokeAsync(() => { });

        Assert.Equal("shown 10", boundary.Markup);
    }

    [Fact]
    public void FollowStreet_AFailedRead_GoesToTheErrorBoundary()
    {
        var street = SignInAs("convener").StreetId!.Value;
        var boundary = Render<ErrorBoundary>(b => b
            .AddChildContent<StreetPage>(p => p.Add(x => x.Read, n => n == 1 ? Task.FromResult(10) : throw new InvalidOperationException("The database is gone.")))
            .Add(x => x.ErrorContent, ex => $"failed: {ex.Message}"));
        boundary.WaitForAssertion(() => Assert.Equal("shown 10", boundary.Markup));

        Notifier.Publish(new MotionChanged(street, 1));

        boundary.WaitForAssertion(() => Assert.Equal("failed: The database is gone.", boundary.Markup));
    }

    /// <summary>A page that follows its street and shows the number its read returns; reads are counted from 1.</summary>
    public sealed class StreetPage : ActorPage
    {
        [Parameter] public Func<int, Task<int>> Read { get; set; } = default!;

        [Parameter] public Func<CongressEvent, bool> When { get; set; } = e => e is MotionChanged;

        public int Reads { get; private set; }

        public List<int> Shown { get; } = [];

        protected override async Task OnActorReadyAsync()
        {
            FollowStreet(e => When(e), LoadAsync);
            await LoadAsync();
        }

        private Task LoadAsync() => ShowNewestAsync(() => Read(++Reads), Shown.Add);

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, $"shown {Shown.LastOrDefault()}");
    }
}
