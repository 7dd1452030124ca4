using CongressHub.Domain.Common;
using CongressHub.Domain.Tracking;

namespace CongressHub.Tests.Tracking;

/// <summary>Every allowed and refused move of a tracked item, and due dates.</summary>
public class TrackedItemTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static TrackedItem NewOpinion() =>
        TrackedItem.Opinion(1, new OpinionInput(1, Today, "小区门口路灯坏了", OpinionCategory.UrbanManagement, GovernmentLevel.Street, "张三", "13900000000", true), false, Now);

    private static TrackedItem At(TrackedState state)
    {
        var item = NewOpinion();
        if (state == TrackedState.Submitted)
        {
            return item;
        }
        item.Accept(Now);
        if (state == TrackedState.Accepted)
        {
            return item;
        }
        item.Assign(7, null, Today.AddDays(30), Today, Now);
        switch (state)
        {
            case TrackedState.Assigned:
                return item;
            case TrackedState.Answered:
                item.AnswerWith("已修复", Now);
                return item;
            case TrackedState.IntentionStated:
                item.StateIntention("研究后答复", Now);
                return item;
        }
        item.StateIntention("研究后答复", Now);
        item.Decide("列入年度计划", Now);
        if (state == TrackedState.Decided)
        {
            return item;
        }
        if (state == TrackedState.InProgress)
        {
            item.RecordProgress(40, Now);
            return item;
        }
        item.MarkDone(Now);
        if (state == TrackedState.Done)
        {
            return item;
        }
        item.ReportIn(9, Now);
        if (state == TrackedState.Reported)
        {
            return item;
        }
        item.CloseRating(Now);
        return item;
    }

    public static TheoryData<TrackedState, string, bool> Moves => new()
    {
        { TrackedState.Submitted, "accept", true },
        { TrackedState.Submitted, "decline", true },
        { TrackedState.Submitted, "assign", false },
        { TrackedState.Submitted, "answer", false },
        { TrackedState.Accepted, "assign", true },
        { TrackedState.Accepted, "decline", true },
        { TrackedState.Accepted, "accept", false },
        { TrackedState.Assigned, "answer", true },
        { TrackedState.Assigned, "intention", true },
        { TrackedState.Assigned, "done", false },
        { TrackedState.Assigned, "progress", false },
        { TrackedState.Answered, "done", true },
        { TrackedState.Answered, "decide", true },
        { TrackedState.Answered, "report", true },
        { TrackedState.IntentionStated, "decide", true },
        { TrackedState.IntentionStated, "done", false },
        { TrackedState.Decided, "progress", true },
        { TrackedState.Decided, "done", true },
        { TrackedState.Decided, "answer", false },
        { TrackedState.InProgress, "progress", true },
        { TrackedState.InProgress, "done", true },
        { TrackedState.InProgress, "report", false },
        { TrackedState.Done, "report", true },
        { TrackedState.Done, "progress", false },
        { TrackedState.Reported, "rate", true },
        { TrackedState.Reported, "decline", false },
        { TrackedState.Rated, "report", false },
        { TrackedState.Rated, "accept", false },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Move_IsAllowedOrRefusedWithAReason(TrackedState from, string move, bool allowed)
    {
        var item = At(from);
        var before = item.State;

        var act = () =>
        {
            switch (move)
            {
                case "accept": item.Accept(Now); break;
                case "decline": item.Decline("不属于本街道职责", Now); break;
                case "assign": item.Assign(7, null, Today.AddDays(10), Today, Now); break;
                case "answer": item.AnswerWith("答复", Now); break;
                case "intention": item.StateIntention("表态", Now); break;
                case "decide": item.Decide("决定", Now); break;
                case "progress": item.RecordProgress(50, Now); break;
                case "done": item.MarkDone(Now); break;
                case "report": item.ReportIn(9, Now); break;
                case "rate": item.CloseRating(Now); break;
            }
        };

        if (allowed)
        {
            act();
            Assert.NotEqual(TrackedState.Submitted, item.State);
        }
        else
        {
            var refused = Assert.ThrowsAny<DomainException>(act);
            Assert.Contains(item.Title, refused.Message);
            Assert.Equal(before, item.State);
        }
    }

    [Fact]
    public void Overdue_OnlyWhileStillOwed_AfterTheDueDate()
    {
        var open = At(TrackedState.InProgress);
        var done = At(TrackedState.Done);

        Assert.False(open.IsOverdue(Today.AddDays(30)));
        Assert.True(open.IsOverdue(Today.AddDays(31)));
        Assert.False(done.IsOverdue(Today.AddDays(365)));
    }

    [Fact]
    public void Assign_ToBothOrNeither_OrDueInThePast_IsBadInput()
    {
        Assert.Throws<ValidationFailedException>(() => At(TrackedState.Accepted).Assign(7, 3, Today.AddDays(1), Today, Now));
        Assert.Throws<ValidationFailedException>(() => At(TrackedState.Accepted).Assign(null, null, Today.AddDays(1), Today, Now));
        Assert.Throws<ValidationFailedException>(() => At(TrackedState.Accepted).Assign(7, null, Today.AddDays(-1), Today, Now));
    }

    [Fact]
    public void Decline_WithoutAReason_AndTexts_TooLongOrEmpty_AreBadInput()
    {
        Assert.Throws<ValidationFailedException>(() => NewOpinion().Decline(" ", Now));
        Assert.Throws<ValidationFailedException>(() => TrackedItem.Opinion(1, new OpinionInput(1, Today, "", OpinionCategory.Other, GovernmentLevel.Street, null, null, true), false, Now));
        Assert.Throws<ValidationFailedException>(() => TrackedItem.Opinion(1, new OpinionInput(1, Today, new string('字', 4001), OpinionCategory.Other, GovernmentLevel.Street, null, null, true), false, Now));
        Assert.Throws<ValidationFailedException>(() => At(TrackedState.Decided).RecordProgress(100, Now));
    }

    [Fact]
    public void Task_StartsAssigned_AndGoesToDoneThroughProgress()
    {
        var task = TrackedItem.Task(1, null, 3, new TaskInput("垃圾分类宣传", "由居民自治委员会组织，各社区每周一次入户宣传", [3], Today.AddDays(60)), Now);

        task.RecordProgress(30, Now);
        task.MarkDone(Now);

        Assert.Equal((TrackedState.Done, 100), (task.State, task.Progress));
        Assert.Throws<DomainException>(() => task.Accept(Now));
    }
}
