using CongressHub.Domain.Accounts;
using CongressHub.Domain.Committee;
using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CongressHub.Domain.Seeding;

/// <summary>
/// The demo city of CONTRACTS.md: two streets with the same shape, the same accounts every time (password
/// <see cref="Password"/>), dates relative to the moment of seeding.
/// </summary>
public static class DemoSeeder
{
    public const string Password = "Demo!2026";

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["建国", "秀英", "志强", "丽华", "海燕", "国庆", "文博", "春梅", "德明", "晓东", "玉兰", "永红", "子涵", "俊杰", "桂芳", "明辉", "淑珍", "立新", "佳怡", "卫东", "雪梅", "振华", "慧敏", "宏伟"];

    private sealed record StreetPlan(string Slug, string Name, string NameEn, string District, string[] Communities, string Convener, int FirstOfficer, int FirstStaff, int FirstDelegate);

    private static readonly StreetPlan[] Plans =
    [
        new("shiyan", "示例街道", "Shiyan Street", "示例区", ["东风社区", "朝阳社区", "和平社区", "新华社区", "春晖社区"], "convener", 1, 1, 1),
        new("xinghai", "星海街道", "Xinghai Street", "示例区", ["海滨社区", "星光社区", "望海社区", "渔港社区", "帆影社区"], "convener2", 7, 6, 41),
    ];

    private static readonly string[] DepartmentNames = ["民政科", "城市管理科", "综治办", "环境卫生科"];

    public static async Task SeedAsync(CongressDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        // One hash for every demo account: hashing is deliberately slow, and the password is the same.
        var hash = new PasswordHasher<CongressUser>().HashPassword(new CongressUser(), Password);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var today = DateOnly.FromDateTime(nowUtc);
        var nameIndex = 0;
        string NextName()
        {
            var n = nameIndex++;
            return Surnames[n % Surnames.Length] + Given[(n * 7 + n / Surnames.Length) % Given.Length];
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        AddUser(db, hash, roleIds, "admin", "市政务服务管理员", Roles.CityAdmin, null);

        foreach (var plan in Plans)
        {
            var street = Street.Create(new StreetInput(plan.Slug, plan.Name, plan.NameEn, plan.District), nowUtc);
            db.Streets.Add(street);
            await db.SaveChangesAsync(ct);

            var communities = plan.Communities.Select((name, i) => Community.Create(street.Id, new NamedInput(name, i + 1))).ToList();
            var departments = DepartmentNames.Select((name, i) => Department.Create(street.Id, new NamedInput(name, i + 1))).ToList();
            var term = Term.Create(street.Id, new TermInput(3, today.AddYears(-1), today.AddYears(4)));
            db.Communities.AddRange(communities);
            db.Departments.AddRange(departments);
            db.Terms.Add(term);
            await db.SaveChangesAsync(ct);

            AddUser(db, hash, roleIds, plan.Convener, "召集人·" + plan.Name, Roles.Convener, street.Id);

            var officers = new List<Officer>();
            for (var i = 0; i < 6; i++)
            {
                var number = plan.FirstOfficer + i;
                var (position, department, leader) = i switch
                {
                    0 => ("街道办事处主任", (Department?)null, true),
                    1 => ("街道办事处副主任", null, true),
                    _ => (departments[i - 2].Name + "科长", departments[i - 2], false),
                };
                var officer = Officer.Create(street.Id, new OfficerInput(NextName(), position, department?.Id, leader, $"1391000{number:D4}"));
                db.Officers.Add(officer);
                officers.Add(officer);
                await db.SaveChangesAsync(ct);
                var user = AddUser(db, hash, roleIds, $"officer{number:D2}", officer.Name, Roles.Officer, street.Id);
                user.OfficerId = officer.Id;
                officer.LinkAccount(user.Id);
            }

            // Each community has a department head in charge of it (包干干部); the first has two communities.
            for (var i = 0; i < communities.Count; i++)
            {
                communities[i].PutInCharge(officers[2 + i % 4]);
            }

            for (var i = 0; i < communities.Count; i++)
            {
                var user = AddUser(db, hash, roleIds, $"staff{plan.FirstStaff + i:D2}", NextName(), Roles.CommunityStaff, street.Id);
                user.CommunityId = communities[i].Id;
            }

            foreach (var (input, i) in DelegatePlan(communities, NextName).Select((x, i) => (x, i)))
            {
                var d = CongressDelegate.Create(street.Id, term.Id, input);
                db.Delegates.Add(d);
                await db.SaveChangesAsync(ct);
                var user = AddUser(db, hash, roleIds, $"delegate{plan.FirstDelegate + i:D2}", d.Name, Roles.Delegate, street.Id);
                user.DelegateId = d.Id;
                user.CommunityId = d.CommunityId;
                d.LinkAccount(user.Id);
            }
            await db.SaveChangesAsync(ct);
            await SeedSessionAsync(db, street, term, plan.Slug == "shiyan", nowUtc, ct);
            if (plan.Slug == "shiyan")
            {
                await SeedLoopAsync(db, street, term, communities, departments, nowUtc, ct);
                await SeedHallQuestionsAsync(db, street, term, departments, nowUtc, ct);
                await SeedReviewAsync(db, street, term, nowUtc, ct);
                await SeedTopicsAsync(db, street, communities, nowUtc, ct);
                await SeedCouncilDecisionsAsync(db, street, communities[0], nowUtc, ct);
                await SeedCouncilsAsync(db, street, term, communities, nowUtc, ct);
                await SeedCommitteeAsync(db, street, term, communities, departments, officers, nowUtc, ct);
                await SeedProjectsAsync(db, street, departments, nowUtc, ct);
            }
        }
        await SeedDistrictAsync(db, hash, roleIds, nowUtc, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// The district over both streets (示例区) with its account, and one inspection of 示例街道 last month whose findings
    /// show on the street's public home and in its convener's overview.
    /// </summary>
    private static async Task SeedDistrictAsync(CongressDbContext db, string hash, Dictionary<string, string> roleIds, DateTime nowUtc, CancellationToken ct)
    {
        var account = AddUser(db, hash, roleIds, "district", "示例区人大街道工委", Roles.District, null);
        account.District = Plans[0].District;
        var street = await db.Streets.SingleAsync(s => s.Slug == Plans[0].Slug, ct);
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        const string findings = """
            区人大街道工委对示例街道本年度居民代表会议工作进行了检查：

            - 按季度召开例会，议程、签到和表决记录完整；
            - 民意办理台账清楚，**个别意见超过答复时限**，请于下季度例会前说明原因；
            - 决议公示及时，建议进一步向居民公开落实进度。
            """;
        db.Inspections.Add(Districts.Inspection.Record(account.District, new Districts.InspectionInput(street.Id, Districts.InspectionKind.Inspection,
            "居民代表会议制度落实情况检查", findings, today.AddDays(-20)), account.DisplayName, today, nowUtc));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Council topics of two communities of street 1, one in every state: proposed with few supports and past the number
    /// that obliges an answer (10 by default), accepted for each kind of meeting, merged, declined and answered. The
    /// supports' hashes are random: no address stands behind them.
    /// </summary>
    /// <summary>
    /// The residents' councils of the first two communities: the community's staff member (who signs the minutes off),
    /// its delegates with their accounts, residents, an organisation and a business; the first has a decision meeting
    /// called for next week on its accepted topic, the second counts its quorum by two thirds.
    /// </summary>
    private static async Task SeedCouncilsAsync(CongressDbContext db, Street street, Term term, List<Community> communities, DateTime nowUtc, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        string[][] others = [["王秀兰", "李建国"], ["陈桂芳", "周志强"]];
        string[] organisations = ["东风小学", "朝阳物业服务中心"];
        string[] businesses = ["东风便民超市", "朝阳菜市场"];
        for (var i = 0; i < 2; i++)
        {
            var c = communities[i];
            var council = Term.CreateCouncil(street.Id, c.Id, today);
            db.Terms.Add(council);
            await db.SaveChangesAsync(ct);
            CongressDelegate Member(string name, DelegateCategory category, string? userId)
            {
                var m = CongressDelegate.CreateMember(street.Id, council.Id, c.Id, new CouncilMemberInput(name, category, null));
                m.LinkAccount(userId);
                db.Delegates.Add(m);
                return m;
            }
            var staff = await db.Users.Where(u => u.CommunityId == c.Id && u.DelegateId == null && u.OfficerId == null).OrderBy(u => u.UserName).FirstAsync(ct);
            var secretary = Member(staff.DisplayName, DelegateCategory.CommunityHead, staff.Id);
            foreach (var d in await db.Delegates.Where(d => d.TermId == term.Id && d.CommunityId == c.Id && d.UserId != null).OrderBy(d => d.Id).Take(3).ToListAsync(ct))
            {
                Member(d.Name, DelegateCategory.ResidentRepresentative, d.UserId);
            }
            foreach (var name in others[i])
            {
                Member(name, DelegateCategory.ResidentRepresentative, null);
            }
            Member(organisations[i], DelegateCategory.OrganisationRepresentative, null);
            Member(businesses[i], DelegateCategory.BusinessRepresentative, null);
            await db.SaveChangesAsync(ct);
            council.SetCouncilRules(i == 0 ? QuorumRule.MoreThanHalf : QuorumRule.TwoThirds, MajorityRule.HalfOfPresent, secretary.Id);
            if (i == 0)
            {
                var topic = await db.Topics.Where(t => t.CommunityId == c.Id && t.State == TopicState.Accepted && t.MeetingKind == CouncilMeetingKind.Decision)
                    .OrderBy(t => t.Id).FirstAsync(ct);
                var meeting = Session.Create(street.Id, council.Id,
                    new SessionInput(SessionKind.CouncilDecision, $"{c.Name}居民议事会决策会", SessionTime.ToUtc(SessionTime.Local(nowUtc).Date.AddDays(7).AddHours(19)), c.Name + "议事厅"), c.Id);
                meeting.Publish(1);
                db.Sessions.Add(meeting);
                await db.SaveChangesAsync(ct);
                topic.Schedule(meeting.Id, CouncilMeetingKind.Decision, false, nowUtc);
                db.AgendaItems.Add(AgendaItem.ForTopic(meeting.Id, 1, topic));
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private static async Task SeedTopicsAsync(CongressDbContext db, Street street, List<Community> communities, DateTime nowUtc, CancellationToken ct)
    {
        async Task<Councils.Topic> Add(Community c, string title, string text, Councils.TopicProposer kind, string? label, int daysAgo, int supports)
        {
            var t = Councils.Topic.Propose(street.Id, c.Id, new Councils.TopicInput(title, text, kind, label), kind == Councils.TopicProposer.Resident, nowUtc.AddDays(-daysAgo));
            db.Topics.Add(t);
            await db.SaveChangesAsync(ct);
            for (var i = 0; i < supports; i++)
            {
                db.TopicSupports.Add(Councils.TopicSupport.Of(t.Id, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
            }
            return t;
        }
        var (dongfeng, chaoyang) = (communities[0], communities[1]);
        await Add(dongfeng, "3号楼楼道加装扶手", "3号楼老人多，楼道没有扶手，上下楼不方便，建议每层加装扶手。", Councils.TopicProposer.Resident, "3号楼居民", 2, 3);
        await Add(dongfeng, "小区电动自行车集中充电棚", "电动车在楼道里充电有火灾隐患，建议在小区北侧空地建集中充电棚，**按次收费**。", Councils.TopicProposer.Resident, "5号楼居民", 12, 12);
        var collect = await Add(dongfeng, "老旧小区加装电梯意见征集", "1至4号楼居民希望加装电梯，费用分摊办法需要先听取各楼层住户意见。", Councils.TopicProposer.Member, "议事会成员", 20, 8);
        collect.Accept(Councils.CouncilMeetingKind.OpinionCollection, nowUtc.AddDays(-15));
        var parking = await Add(dongfeng, "小区停车位重新划线", "现有车位划线不合理，消防通道常被占用，建议重新规划。", Councils.TopicProposer.Organisation, "东风小区物业服务中心", 25, 6);
        parking.Accept(Councils.CouncilMeetingKind.TopicDiscussion, nowUtc.AddDays(-18));
        var lights = await Add(dongfeng, "中心广场晚间照明", "广场晚上太暗，跳广场舞和散步的居民容易摔倒。", Councils.TopicProposer.Resident, null, 30, 4);
        lights.Accept(Councils.CouncilMeetingKind.Decision, nowUtc.AddDays(-21));
        var stairs = await Add(dongfeng, "楼道照明太暗", "晚上楼道一片漆黑，老人上下楼容易摔倒，建议更换楼道灯。", Councils.TopicProposer.Resident, "2号楼居民", 40, 9);
        stairs.Accept(Councils.CouncilMeetingKind.Decision, nowUtc.AddDays(-35));
        var lamp = await Add(dongfeng, "广场路灯坏了", "广场东侧两盏路灯坏了很久。", Councils.TopicProposer.Resident, "广场旁住户", 9, 2);
        await db.SaveChangesAsync(ct);
        // The merged topic's supports went over to the one it joined when it was merged.
        foreach (var s in db.TopicSupports.Local.Where(s => s.TopicId == lamp.Id).ToList())
        {
            s.MoveTo(lights.Id);
        }
        lamp.MergeInto(lights, nowUtc.AddDays(-8));
        var shop = await Add(chaoyang, "取消小区门口早市", "早市占道，噪音大，建议取消。", Councils.TopicProposer.Resident, "朝阳小区居民", 14, 5);
        shop.Decline("早市是街道统一规划的便民市场，已要求市场管理方整治占道和噪音问题，不列入议事会议题。", nowUtc.AddDays(-10));
        var room = await Add(chaoyang, "社区活动室开放时间", "活动室周末能否开放？", Councils.TopicProposer.Business, "朝阳书店", 6, 1);
        room.Answer("社区活动室自本月起周六上午9点至12点开放，无需议事会讨论。", nowUtc.AddDays(-4));
        await Add(chaoyang, "垃圾分类督导志愿者轮值", "建议组织居民志愿者在投放点轮值督导垃圾分类。", Councils.TopicProposer.Organisation, "朝阳志愿服务队", 3, 2);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Street 1 is in session right now (live, agenda in the seed's order, nobody checked in yet, one delegate on
    /// granted leave); street 2's next
    /// session is published for a week from now.
    /// </summary>
    private static async Task SeedSessionAsync(CongressDbContext db, Street street, Term term, bool live, DateTime nowUtc, CancellationToken ct)
    {
        var quarter = (nowUtc.Month - 1) / 3 + 1;
        var when = live ? nowUtc : nowUtc.AddDays(7);
        var session = Session.Create(street.Id, term.Id, new SessionInput(
            SessionKind.Regular, $"{when.Year}年第{quarter}季度居民代表会议例会", when, street.Name + "社区活动中心"));
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        var items = AgendaItemInput.RegularSessionTemplate();
        for (var i = 0; i < items.Count; i++)
        {
            db.AgendaItems.Add(AgendaItem.Create(session.Id, i + 1, items[i]));
        }
        session.Publish(items.Count);
        // The session call went to every delegate when it was published; the outbox sends it by the channels set up
        // (none in the demo: community staff then print it as letters, /sessions/{id}/letters).
        await Notices.NoticeWriter.ToDelegatesAsync(db, street.Id, term.Id, Notices.NoticeKind.SessionCall, $"session-published:{session.Id}", $"/sessions/{session.Id}",
            live ? nowUtc.AddDays(-7) : nowUtc, ct, "Notice.SessionPublished", session.Title, SystemText.FormalTime(session.ScheduledUtc), session.Place);
        if (live)
        {
            // One delegate asked for leave before the session and was granted it: excused, not expected in the hall.
            // The street's last delegate (delegate40), whom the browser tests do not check in.
            var onLeave = await db.Delegates.Where(d => d.TermId == term.Id).OrderByDescending(d => d.Id).Select(d => d.Id).FirstAsync(ct);
            var leave = LeaveRequest.Ask(session, onLeave, "外出学习培训，无法到会。", nowUtc.AddHours(-20));
            leave.Grant(session, nowUtc.AddHours(-18));
            db.LeaveRequests.Add(leave);
            db.Attendances.Add(Attendance.Record(session.Id, onLeave, AttendanceStatus.Excused, bySelf: false, nowUtc.AddHours(-18)));
            session.Start(nowUtc);
        }
        await db.SaveChangesAsync(ct);
        if (live)
        {
            await SeedMotionsAsync(db, street, term, session, items.Count, nowUtc, ct);
        }
    }

    /// <summary>
    /// Questions delegates asked in street 1's live session, one to each department, not yet triaged: every department's
    /// officer who signs in finds one to answer on the spot in the hall.
    /// </summary>
    private static async Task SeedHallQuestionsAsync(CongressDbContext db, Street street, Term term, List<Department> departments, DateTime nowUtc, CancellationToken ct)
    {
        var live = await db.Sessions.Where(s => s.StreetId == street.Id && s.Status == SessionStatus.Live).Select(s => s.Id).SingleAsync(ct);
        var delegates = await db.Delegates.Where(d => d.TermId == term.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var texts = new Dictionary<string, string>
        {
            ["民政科"] = "社区老年食堂能否增加晚餐供应？不少独居老人晚饭没有着落。",
            ["城市管理科"] = "东风路人行道常被汽车占用停放，行人只能走机动车道，能否加装隔离桩？",
            ["综治办"] = "春晖苑几个楼道的监控坏了半年，什么时候能修好？",
            ["环境卫生科"] = "新华里垃圾分类亭旁的洗手池一直没有水，能否尽快接通？",
        };
        var asked = departments.Where(d => texts.ContainsKey(d.Name))
            .Select((d, i) => TrackedItem.Question(street.Id, live, delegates[4 + i * 9], new QuestionInput(texts[d.Name], d.Id), nowUtc.AddMinutes(-20 + i * 3)))
            .ToList();
        db.TrackedItems.AddRange(asked);
        await db.SaveChangesAsync(ct);
        foreach (var q in asked)
        {
            var who = await db.Users.Where(u => u.DelegateId == q.DelegateId).Select(u => u.UserName!).SingleAsync(ct);
            db.TrackedEvents.Add(TrackedEvent.Of(q.Id, who, TrackedState.Submitted, TrackedState.Submitted, null, q.CreatedUtc));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The closed loop in every state: last quarter's session (adjourned) whose follow-up rated some items, opinions
    /// from each community over recent months (some months compiled), one item overdue, and a task for communities.
    /// </summary>
    private static async Task SeedLoopAsync(CongressDbContext db, Street street, Term term, List<Community> communities, List<Department> departments, DateTime nowUtc, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        var previous = Session.Create(street.Id, term.Id, new SessionInput(SessionKind.Regular, "上一季度居民代表会议例会", nowUtc.AddDays(-90), street.Name + "社区活动中心"));
        db.Sessions.Add(previous);
        await db.SaveChangesAsync(ct);
        var template = AgendaItemInput.RegularSessionTemplate();
        for (var i = 0; i < template.Count; i++)
        {
            db.AgendaItems.Add(AgendaItem.Create(previous.Id, i + 1, template[i]));
        }
        previous.Publish(template.Count);
        previous.Start(nowUtc.AddDays(-90));
        previous.Adjourn(nowUtc.AddDays(-90).AddHours(2));
        await db.SaveChangesAsync(ct);
        var delegates = await db.Delegates.Where(d => d.TermId == term.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        // As its minutes say: 36 present; two of the others had leave, the rest were absent.
        for (var k = 0; k < delegates.Count && k < 38; k++)
        {
            db.Attendances.Add(Attendance.Record(previous.Id, delegates[k], k < 36 ? AttendanceStatus.Present : AttendanceStatus.Excused, bySelf: k < 36, nowUtc.AddDays(-90)));
        }

        var day = 0;
        TrackedItem Opinion(int community, string text, OpinionCategory category, bool publishable = true, string? resident = null, string? contact = null)
        {
            var at = nowUtc.AddDays(-60 + day++);
            var month = DateOnly.FromDateTime(SessionTime.Local(at));
            var item = TrackedItem.Opinion(street.Id, new OpinionInput(communities[community].Id, month, text, category, GovernmentLevel.Street, resident, contact, publishable), false, at);
            db.TrackedItems.Add(item);
            return item;
        }
        var items = new List<(TrackedItem Item, Action<TrackedItem, DateTime> Moves)>();
        void Plan(TrackedItem item, Action<TrackedItem, DateTime> moves) => items.Add((item, moves));
        var dept = departments.ToDictionary(d => d.Name);
        DateOnly Due(int days) => today.AddDays(days);

        Plan(Opinion(0, "小区门口共享单车乱停乱放，早晚高峰堵住人行道", OpinionCategory.UrbanManagement, resident: "陈阿姨", contact: "13900001111"), (i, t) => { });
        Plan(Opinion(1, "希望社区增加老年人助餐点的送餐服务", OpinionCategory.CivilAffairs), (i, t) => i.Accept(t));
        var lights = Opinion(2, "和平路北段路灯不亮已两周，夜间行人不安全", OpinionCategory.Safety);
        Plan(lights, (i, t) => { i.Accept(t); i.Assign(dept["城市管理科"].Id, null, Due(20), DateOnly.FromDateTime(t), t); });
        Plan(Opinion(2, "和平路晚上太黑了，路灯坏了", OpinionCategory.Safety), (i, t) => i.MergeInto(lights, t));
        Plan(Opinion(3, "建议把小区广场舞时间改到晚上九点以后", OpinionCategory.Other), (i, t) => i.Decline("与噪声管理规定冲突（广场舞应在21时前结束），已请社区协调场地和音量。", t));
        Plan(Opinion(3, "新华里垃圾桶满溢，清运次数不够", OpinionCategory.Sanitation), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["环境卫生科"].Id, null, Due(10), DateOnly.FromDateTime(t), t); i.AnswerWith("已将新华里清运由每日一次增加为每日两次（早7点、晚6点）。", t);
        });
        Plan(Opinion(4, "春晖苑停车位严重不足，消防通道常被占用", OpinionCategory.Transport), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["城市管理科"].Id, null, Due(40), DateOnly.FromDateTime(t), t); i.StateIntention("需与区交通局和物业共同研究，争取在小区东侧空地规划临时停车场。", t);
        });
        Plan(Opinion(0, "东风社区活动室设施陈旧，希望更新健身器材", OpinionCategory.CivilAffairs), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["民政科"].Id, null, Due(30), DateOnly.FromDateTime(t), t); i.StateIntention("纳入明年社区设施更新计划。", t);
            i.Decide("街道办事处主任办公会决定：年内更换活动室健身器材，资金由街道公用经费列支。", t);
        });
        // The overdue one: due last week, still in progress.
        Plan(Opinion(1, "朝阳小区雨水井堵塞，下雨积水严重", OpinionCategory.Utilities), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["城市管理科"].Id, null, DateOnly.FromDateTime(t).AddDays(20), DateOnly.FromDateTime(t), t);
            i.StateIntention("联系区排水公司疏通。", t); i.Decide("由街道协调区排水公司全面疏通，并更换破损井盖。", t); i.RecordProgress(60, t);
        });
        Plan(Opinion(4, "春晖苑电梯经常故障，老人上下楼困难", OpinionCategory.Housing), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["综治办"].Id, null, Due(15), DateOnly.FromDateTime(t), t); i.StateIntention("督促物业维修。", t);
            i.Decide("责成物业公司一个月内完成电梯大修。", t); i.MarkDone(t);
        });
        Plan(Opinion(0, "东风路口红绿灯时间太短，老人过不去马路", OpinionCategory.Transport), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["城市管理科"].Id, null, DateOnly.FromDateTime(t).AddDays(30), DateOnly.FromDateTime(t), t);
            i.AnswerWith("已协调交警部门将绿灯时间由25秒延长到40秒。", t); i.ReportIn(previous.Id, t);
        });
        Plan(Opinion(2, "和平社区菜市场周边占道经营", OpinionCategory.UrbanManagement), (i, t) =>
        {
            i.Accept(t); i.Assign(dept["城市管理科"].Id, null, DateOnly.FromDateTime(t).AddDays(30), DateOnly.FromDateTime(t), t);
            i.StateIntention("设置临时疏导点。", t); i.Decide("在菜市场北侧设便民疏导点，统一管理。", t); i.MarkDone(t); i.ReportIn(previous.Id, t); i.CloseRating(t);
        });
        // Private to the community: not for the public page.
        Plan(Opinion(1, "反映邻居家中长期堆放杂物，有火灾隐患（涉及个人，请勿公开）", OpinionCategory.Safety, publishable: false, resident: "王先生"), (i, t) => i.Accept(t));
        await db.SaveChangesAsync(ct);

        var who = "convener";
        foreach (var (item, moves) in items)
        {
            db.TrackedEvents.Add(TrackedEvent.Of(item.Id, $"staff0{item.CommunityId - communities[0].Id + 1}", TrackedState.Submitted, TrackedState.Submitted, null, item.CreatedUtc));
            var before = item.State;
            var at = item.CreatedUtc.AddDays(1);
            moves(item, at);
            if (item.State != before)
            {
                db.TrackedEvents.Add(TrackedEvent.Of(item.Id, who, before, item.State, item.Decision ?? item.Answer ?? item.Intention ?? item.DeclineReason, at));
            }
        }
        // The officers in charge passed a few of their communities' opinions on to the street (转呈).
        void PassedOn(TrackedItem item, PassOnInput input) =>
            db.PassOns.Add(PassOn.Of(street.Id, item.Id, communities.Single(c => c.Id == item.CommunityId).OfficerInChargeId!.Value, input, item.CreatedUtc.AddHours(3)));
        var opinions = items.Select(x => x.Item).ToList();
        PassedOn(opinions[0], new PassOnInput(PassOnTarget.Leaders, null, "早晚高峰人行道被堵，建议街道协调共享单车企业定点停放。"));
        PassedOn(lights, new PassOnInput(PassOnTarget.Department, dept["城市管理科"].Id, "请尽快安排维修，居民反映强烈。"));
        PassedOn(opinions.Single(i => i.Text.StartsWith("春晖苑停车位", StringComparison.Ordinal)), new PassOnInput(PassOnTarget.Leaders, null, null));

        var rated = items.Select(x => x.Item).Where(i => i.State == TrackedState.Rated).ToList();
        foreach (var item in rated)
        {
            for (var k = 0; k < 24; k++)
            {
                db.FollowUpRatings.Add(FollowUpRating.Of(item.Id, previous.Id, delegates[k], k < 15 ? Satisfaction.Satisfied : k < 21 ? Satisfaction.BasicallySatisfied : Satisfaction.NotSatisfied));
            }
        }

        // Months recorded and compiled: the last two months compiled by three communities, this month by one.
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        foreach (var (c, i) in communities.Select((c, i) => (c, i)))
        {
            if (i < 3)
            {
                db.MonthCompilations.Add(MonthCompilation.Of(c.Id, thisMonth.AddMonths(-1), $"staff0{i + 1}", nowUtc.AddDays(-20)));
                db.MonthCompilations.Add(MonthCompilation.Of(c.Id, thisMonth.AddMonths(-2), $"staff0{i + 1}", nowUtc.AddDays(-50)));
            }
        }
        db.MonthCompilations.Add(MonthCompilation.Of(communities[0].Id, thisMonth, "staff01", nowUtc.AddDays(-1)));

        // A task the congress agreed: the self-governance committee organises it, two communities carry it out.
        foreach (var c in communities.Take(2))
        {
            var task = TrackedItem.Task(street.Id, previous.Id, c.Id, new TaskInput("楼道堆物清理与消防宣传",
                "经上次例会讨论商定：由居民自治委员会组织，各社区发动楼组长逐栋清理楼道堆物，同时入户发放消防宣传资料；不搞一刀切，先劝导后清理。",
                [c.Id], today.AddDays(25)), nowUtc.AddDays(-89));
            db.TrackedItems.Add(task);
        }
        await db.SaveChangesAsync(ct);
        await SeedResolutionsAsync(db, street, term, previous, dept, communities, delegates, nowUtc, ct);
    }

    /// <summary>
    /// Last quarter's session adopted four motions and published the four results: three resolutions are published (one
    /// carried out and done, one in progress, one published last week and in its public-notice period with comments),
    /// the fourth is still a draft whose wording the convener has begun to check (one edit kept beside the motion's text as
    /// adopted), and which must never show publicly. The minutes are published.
    /// </summary>
    private static async Task SeedResolutionsAsync(CongressDbContext db, Street street, Term term, Session previous, Dictionary<string, Department> dept,
        List<Community> communities, List<int> delegates, DateTime nowUtc, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        var held = previous.ScheduledUtc;
        var position = await db.AgendaItems.CountAsync(i => i.SessionId == previous.Id, ct);
        var sponsor = 0;
        async Task<(Motion Motion, Vote Vote)> Adopt(string title, string text, int yes, int no, int abstain)
        {
            // Sponsors and co-signers from the back of the list, apart from those of the live session's motions.
            var motion = Motion.Draft(street.Id, term.Id, delegates[30 + sponsor], new MotionInput(title, text), held.AddDays(-30));
            db.Motions.Add(motion);
            motion.Submit(held.AddDays(-28));
            await db.SaveChangesAsync(ct);
            for (var i = 1; i <= term.CosignersNeeded; i++)
            {
                db.Cosignatures.Add(Cosignature.Of(motion.Id, delegates[10 + sponsor * 5 + i], held.AddDays(-27)));
            }
            sponsor++;
            var item = AgendaItem.ForMotion(previous.Id, ++position, motion.Id, motion.Title, "");
            db.AgendaItems.Add(item);
            await db.SaveChangesAsync(ct);
            motion.Admit(term.CosignersNeeded, term.CosignersNeeded, previous.Id, item.Id);
            var vote = Vote.Prepare(street.Id, previous.Id, motion.Id, item.Id, motion.Title, secret: true, MajorityRule.HalfOfAll, held.AddHours(1));
            db.Votes.Add(vote);
            await db.SaveChangesAsync(ct);
            var present = delegates.Take(36).ToList();
            vote.Open(present.Count, delegates.Count, quorate: true, held.AddHours(1));
            db.Voters.AddRange(present.Select(d => Voter.Eligible(vote.Id, d)));
            var choices = Enumerable.Repeat(VoteChoice.Yes, yes).Concat(Enumerable.Repeat(VoteChoice.No, no)).Concat(Enumerable.Repeat(VoteChoice.Abstain, abstain));
            db.Ballots.AddRange(choices.Select(c => Ballot.Cast(vote, 0, c)));
            vote.Close(yes, no, abstain, held.AddHours(1).AddMinutes(10));
            motion.Decide(true, held.AddHours(1).AddMinutes(10));
            db.Resolutions.Add(Resolution.Draft(vote, motion.Title, motion.Text, held.AddHours(1).AddMinutes(10)));
            vote.Publish(held.AddDays(1));
            await db.SaveChangesAsync(ct);
            var voted = present.Take(yes + no + abstain).ToList();
            await db.Voters.Where(v => v.VoteId == vote.Id && voted.Contains(v.DelegateId)).ExecuteUpdateAsync(u => u.SetProperty(v => v.HasVoted, true), ct);
            return (motion, vote);
        }

        var (year, quarter) = Resolution.QuarterOf(held);
        var number = 0;
        async Task<Resolution> Publish(Vote vote, DateTime at)
        {
            var r = await db.Resolutions.Include(x => x.Implementation).SingleAsync(x => x.VoteId == vote.Id, ct);
            r.Publish(vote, year, quarter, ++number, at);
            return r;
        }
        void Move(TrackedItem item, DateTime at, Action<TrackedItem> move, string who, string? note)
        {
            var from = item.State;
            move(item);
            db.TrackedEvents.Add(TrackedEvent.Of(item.Id, who, from, item.State, note, at));
        }

        var (_, lanes) = await Adopt("关于打通和平里至春晖小区消防通道的议案",
            """
            ## 案由
            和平里与春晖小区之间的消防通道被围墙和违章搭建阻断，一旦发生火情，消防车无法进入。

            ## 决议内容
            1. 由街道城市管理科牵头，拆除通道内违章搭建，打通消防通道；
            2. 通道两端设置禁停标志和隔离桩，由社区每周巡查；
            3. 完成情况在下次居民代表会议上报告。
            """, 33, 1, 2);
        var (_, elderly) = await Adopt("关于在各社区设立老年人助餐点的议案",
            """
            辖区60岁以上老年人占比已超过三成。建议由街道民政科统筹，在每个社区设立老年人助餐点，午餐、晚餐按成本价供应，
            高龄、独居老人可申请送餐上门。年内完成三个社区，明年上半年全覆盖。
            """, 34, 0, 2);
        var (_, lifts) = await Adopt("关于新华苑老旧住宅加装电梯实施方案的议案",
            """
            ## 决议内容
            新华社区新华苑小区1至6号楼为1990年代建成的六层住宅，无电梯。经居民协商，同意按“一楼一策”推进加装电梯：

            - 由新华社区组织各楼居民协商出资方案，街道给予每台不超过20万元补助；
            - 施工期间保证消防通道畅通；
            - **实施方案公示期间，欢迎居民提出意见。**
            """, 30, 3, 3);
        var (_, lockers) = await Adopt("关于规范小区内快递柜设置的议案",
            """
            建议各小区快递柜统一设置在小区出入口附近，不得占用消防通道和绿地。
            """, 29, 4, 3);
        var draft = await db.Resolutions.SingleAsync(x => x.VoteId == lockers.Id, ct);
        db.ResolutionVersions.Add(draft.Edit("关于规范小区内快递柜设置的决议",
            "各小区快递柜统一设置在小区出入口附近，不得占用消防通道和绿地。", "convener", held.AddDays(2)));

        var laneRes = await Publish(lanes, held.AddDays(1));
        var elderlyRes = await Publish(elderly, held.AddDays(1).AddMinutes(5));
        var liftRes = await Publish(lifts, nowUtc.AddDays(-6));
        laneRes.SetNotice(DateOnly.FromDateTime(SessionTime.Local(held.AddDays(1))), DateOnly.FromDateTime(SessionTime.Local(held.AddDays(15))), DateOnly.FromDateTime(SessionTime.Local(held.AddDays(1))), 0);
        liftRes.SetNotice(today.AddDays(-6), today.AddDays(9), today.AddDays(-6), 0);
        await db.SaveChangesAsync(ct);

        // The fire lane: noticed, commented on, carried out and done.
        var laneComments = new[]
        {
            ResolutionComment.Submit(laneRes.Id, "支持打通！建议隔离桩用可拆卸的，方便救护车进出。", held.AddDays(3)),
            ResolutionComment.Submit(laneRes.Id, "拆除违建前请提前通知住户，给大家搬东西的时间。", held.AddDays(5)),
            ResolutionComment.Submit(laneRes.Id, "广告：专业疏通下水道，电话见小区门口。", held.AddDays(6)),
        };
        db.ResolutionComments.AddRange(laneComments);
        laneComments[0].Moderate(true, "采纳。隔离桩将选用可拆卸式，钥匙由社区和消防站各持一把。", held.AddDays(4));
        laneComments[1].Moderate(true, "采纳。拆除前将提前七天书面通知相关住户。", held.AddDays(6));
        laneComments[2].Moderate(false, null, held.AddDays(6));
        laneRes.StateNoticeOutcome("公示期内共收到居民意见3条：采纳2条（可拆卸隔离桩、提前七天通知住户），1条为广告未予公布。", DateOnly.FromDateTime(SessionTime.Local(held.AddDays(20))));
        var lane = laneRes.Implementation;
        Move(lane, held.AddDays(2), i => i.Assign(dept["城市管理科"].Id, null, today.AddDays(-5), DateOnly.FromDateTime(held), held.AddDays(2)), "convener", null);
        Move(lane, held.AddDays(30), i => i.RecordProgress(40, held.AddDays(30)), "officer03", "40% · 已拆除通道内违章搭建两处，正在清运建筑垃圾。");
        Move(lane, held.AddDays(55), i => i.RecordProgress(80, held.AddDays(55)), "officer03", "80% · 通道已打通，隔离桩和禁停标志已安装，等待消防部门验收。");
        Move(lane, held.AddDays(75), i => i.MarkDone(held.AddDays(75)), "officer03", "消防部门验收合格，消防通道全线畅通。社区每周巡查一次。");

        // Meals for the elderly: in progress.
        var meals = elderlyRes.Implementation;
        Move(meals, held.AddDays(2), i => i.Assign(dept["民政科"].Id, null, today.AddDays(120), DateOnly.FromDateTime(held), held.AddDays(2)), "convener", null);
        Move(meals, held.AddDays(40), i => i.RecordProgress(30, held.AddDays(40)), "officer02", "30% · 朝阳社区助餐点已开业，每日供应午餐约80份。");
        Move(meals, held.AddDays(80), i => i.RecordProgress(60, held.AddDays(80)), "officer02", "60% · 春晖社区、东风社区助餐点已开业；送餐上门服务已覆盖独居老人42户。");

        // The lifts: assigned to the community, in its notice period now.
        var lift = liftRes.Implementation;
        Move(lift, nowUtc.AddDays(-6), i => i.Assign(null, communities[3].Id, today.AddDays(180), today.AddDays(-6), nowUtc.AddDays(-6)), "convener", null);
        var liftComments = new[]
        {
            ResolutionComment.Submit(liftRes.Id, "一楼住户不需要电梯，希望出资比例按楼层递增，一楼二楼少出或不出。", nowUtc.AddDays(-4)),
            ResolutionComment.Submit(liftRes.Id, "施工期间噪音请控制在白天，家里有高考学生。", nowUtc.AddDays(-1)),
        };
        db.ResolutionComments.AddRange(liftComments);
        liftComments[0].Moderate(true, "出资比例由各楼居民协商确定，社区将提供按楼层递增的参考方案。", nowUtc.AddDays(-3));
        await db.SaveChangesAsync(ct);

        // The minutes of last quarter's session, published.
        var minutes = $"""
            时间：{SessionTime.Local(held):yyyy年M月d日 HH:mm}　地点：{previous.Place}

            应到代表{delegates.Count}人，实到36人，符合法定人数。

            ## 一、上季度意见办理情况报告
            街道办事处通报了上季度居民意见办理情况，代表对已办结事项进行了满意度评议。

            ## 二、审议议案
            会议以无记名投票方式审议了四件议案，均获通过（过全体代表半数）：

            1. 关于打通和平里至春晖小区消防通道的议案：赞成33票，反对1票，弃权2票；
            2. 关于在各社区设立老年人助餐点的议案：赞成34票，反对0票，弃权2票；
            3. 关于新华苑老旧住宅加装电梯实施方案的议案：赞成30票，反对3票，弃权3票；
            4. 关于规范小区内快递柜设置的议案：赞成29票，反对4票，弃权3票。

            ## 三、代表提问
            代表就路灯维修、垃圾清运等问题向有关科室提问，科室现场作了答复。
            """;
        previous.SaveMinutes(minutes);
        db.MinutesVersions.Add(MinutesVersion.Of(previous.Id, 1, minutes, "召集人", held.AddDays(2)));
        previous.SubmitMinutes(held.AddDays(2));
        var director = await db.Officers.Where(o => o.StreetId == street.Id && o.IsLeader).OrderBy(o => o.Id).FirstAsync(ct);
        previous.SignOffMinutes($"{director.Position} {director.Name}", held.AddDays(3));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The first community's residents' council: one decision in its public notice now (one comment approved with a reply,
    /// one waiting for moderation), one carried out by the community as a tracked item, one sent up to the street as an opinion.
    /// </summary>
    private static async Task SeedCouncilDecisionsAsync(CongressDbContext db, Street street, Community community, DateTime nowUtc, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        CouncilDecision Decide(string title, string text, int daysAgo, DateTime publishedUtc, int? topicId = null)
        {
            var d = CouncilDecision.Draft(street.Id, community.Id, new CouncilDecisionInput(title, text, today.AddDays(-daysAgo), TopicId: topicId), today, publishedUtc.AddHours(-2));
            d.Publish(publishedUtc);
            db.CouncilDecisions.Add(d);
            return d;
        }

        var shed = Decide("关于在小区东门增设非机动车充电棚的决定",
            "经居民议事会议事决策会表决通过：\n\n1. 在小区东门内侧绿化带旁增设非机动车充电棚一处，设充电位 **40** 个；\n2. 建设费用由社区公益金列支，充电按次收费，收费标准公示后执行；\n3. 充电棚建成后，楼道内禁止停放电动车、禁止飞线充电。",
            3, nowUtc.AddDays(-2));
        var stairs = await db.Topics.SingleAsync(t => t.CommunityId == community.Id && t.Title == "楼道照明太暗", ct);
        var lights = Decide("关于楼道公共照明改用声控节能灯的决定",
            "经居民议事会表决通过：各楼栋楼道公共照明统一更换为声控节能灯，由社区组织物业在一个月内完成，费用从公共收益中列支。",
            25, nowUtc.AddDays(-23), stairs.Id);
        var crossing = Decide("关于申请在小区南门路口增设红绿灯的决定",
            "居民议事会认为：小区南门路口车流量大、老人和学生过街困难，需在路口增设人行红绿灯。此事超出社区职权，决定提请街道协调交管部门办理。",
            30, nowUtc.AddDays(-28));
        await db.SaveChangesAsync(ct);
        stairs.Decide(lights.Id, nowUtc.AddDays(-23));

        db.CouncilDecisionComments.Add(CouncilDecisionComment.Submit(lights.Id, "支持，晚上回家楼道太黑了。", nowUtc.AddDays(-21)));
        var approved = CouncilDecisionComment.Submit(shed.Id, "支持建充电棚！建议加装监控和灭火器。", nowUtc.AddDays(-1));
        approved.Moderate(true, "已采纳：充电棚将同步安装监控和灭火器。", nowUtc.AddHours(-20));
        db.CouncilDecisionComments.AddRange(approved, CouncilDecisionComment.Submit(shed.Id, "收费标准希望尽早公布，别比外面贵。", nowUtc.AddHours(-3)));
        await db.SaveChangesAsync(ct);

        var carriedAt = nowUtc.AddDays(-15);
        var work = TrackedItem.CouncilWork(street.Id, community.Id, lights.Title, await CouncilDecisionService.HistoryAsync(db, lights, community.Name, ct), today.AddDays(15), carriedAt);
        db.TrackedItems.Add(work);
        lights.CarryOut(work, carriedAt);
        var sentAt = nowUtc.AddDays(-20);
        var opinion = TrackedItem.Opinion(street.Id, new OpinionInput(community.Id, DateOnly.FromDateTime(SessionTime.Local(sentAt)),
            await CouncilDecisionService.HistoryAsync(db, crossing, community.Name, ct), OpinionCategory.Transport, GovernmentLevel.District, null, null, true), false, sentAt);
        db.TrackedItems.Add(opinion);
        crossing.SendUp(opinion, sentAt);
        await db.SaveChangesAsync(ct);
        const string staff = "staff01";
        db.TrackedEvents.Add(TrackedEvent.Of(work.Id, staff, TrackedState.Submitted, TrackedState.Assigned, null, carriedAt));
        db.TrackedEvents.Add(TrackedEvent.Of(opinion.Id, staff, TrackedState.Submitted, TrackedState.Submitted, null, sentAt));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Last year's work-report review, rated and published: results, rankings and the public page to try.</summary>
    private static async Task SeedReviewAsync(CongressDbContext db, Street street, Term term, DateTime nowUtc, CancellationToken ct)
    {
        var year = SessionTime.Local(nowUtc).Year - 1;
        var when = SessionTime.ToUtc(new DateTime(year, 12, 20, 19, 0, 0));
        var session = Session.Create(street.Id, term.Id, new SessionInput(SessionKind.AnnualReview, $"{year}年度述职评议会议", when, street.Name + "社区活动中心"));
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        db.AgendaItems.Add(AgendaItem.Create(session.Id, 1, new AgendaItemInput(AgendaItemType.WorkReportReview, "街道办事处、各科室及主要领导述职", null, null, 120)));
        session.Publish(1);
        session.Start(when);
        session.Adjourn(when.AddHours(3));
        var round = ReviewRound.Prepare(street.Id, new ReviewRoundInput(year, session.Id, when.AddDays(-10), ["履职尽责", "回应群众", "廉洁自律"]));
        db.ReviewRounds.Add(round);
        await db.SaveChangesAsync(ct);
        var officers = await db.Officers.Where(o => o.StreetId == street.Id).OrderBy(o => o.Id).ToListAsync(ct);
        var departments = await db.Departments.Where(d => d.StreetId == street.Id).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
        var reports = new List<WorkReport> { WorkReport.For(round.Id, ReporterKind.StreetOffice, null, officers[0].Id, DomainText.Get("Review.StreetOfficeTitle"), 1) };
        reports.AddRange(departments.Select((d, i) => WorkReport.For(round.Id, ReporterKind.Department, d.Id, officers.FirstOrDefault(o => o.DepartmentId == d.Id)?.Id, d.Name, i + 2)));
        reports.AddRange(officers.Where(o => o.IsLeader).Select((o, i) => WorkReport.For(round.Id, ReporterKind.Official, o.DepartmentId, o.Id, $"{o.Name}（{o.Position}）", departments.Count + 2 + i)));
        db.WorkReports.AddRange(reports);
        round.OpenReports();
        foreach (var r in reports)
        {
            r.Submit($"## {year}年工作回顾\n\n围绕居民关心的难点问题，推进各项重点工作。\n\n## 存在不足\n\n回应群众诉求的速度还需加快。", "走访居民：1,200 户\n办结诉求：315 件", round, when.AddDays(-12));
        }
        round.Release();
        round.OpenRating();
        await db.SaveChangesAsync(ct);
        var delegates = await db.Delegates.Where(d => d.TermId == term.Id).OrderBy(d => d.Id).Select(d => d.Id).Take(32).ToListAsync(ct);
        foreach (var d in delegates)
        {
            db.Attendances.Add(Attendance.Record(session.Id, d, AttendanceStatus.Present, true, when));
        }
        // Different satisfaction per report, so the ranking, the thresholds and the charts have something to show.
        int[] notSatisfied = [1, 0, 3, 6, 14, 2, 4];
        int[] basically = [5, 2, 6, 8, 6, 4, 7];
        var random = new Random(year);
        foreach (var (r, k) in reports.Select((r, k) => (r, k)))
        {
            foreach (var (d, i) in delegates.Select((d, i) => (d, i)))
            {
                var grade = i < notSatisfied[k % notSatisfied.Length] ? Grade.NotSatisfied : i < notSatisfied[k % notSatisfied.Length] + basically[k % basically.Length] ? Grade.BasicallySatisfied : Grade.Satisfied;
                var score = grade switch { Grade.Satisfied => 5, Grade.BasicallySatisfied => 4, _ => 2 };
                db.ReportRaters.Add(ReportRater.Of(r.Id, d));
                db.ReportRatings.Add(ReportRating.Give(r.Id, new RatingInput(grade, [score, Math.Max(1, score - random.Next(2)), score], i % 9 == 0 ? "希望多到社区听取意见。" : null), 3));
            }
        }
        round.CloseRating();
        round.Publish(when.AddDays(3));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// An admitted motion on the live session, ready for a vote, and a submitted one still collecting co-signers.
    /// </summary>
    private static async Task SeedMotionsAsync(CongressDbContext db, Street street, Term term, Session session, int items, DateTime nowUtc, CancellationToken ct)
    {
        var delegates = await db.Delegates.Where(d => d.TermId == term.Id).OrderBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct);
        var charging = Motion.Draft(street.Id, term.Id, delegates[0].Id, new MotionInput(
            "关于在各小区增设电动自行车集中充电设施的议案",
            """
            ## 案由
            近一年来，辖区多个小区发生电动自行车楼道充电、飞线充电的情况，存在严重消防隐患。

            ## 建议
            1. 由街道城市管理科牵头，在每个小区选址建设集中充电棚，**年内**完成。
            2. 充电费用按成本收取，低保户减免。
            3. 社区每月开展一次楼道巡查，并在下次例会通报进展。
            """), nowUtc.AddDays(-20));
        db.Motions.Add(charging);
        charging.Submit(nowUtc.AddDays(-19));
        await db.SaveChangesAsync(ct);
        for (var i = 1; i <= term.CosignersNeeded; i++)
        {
            db.Cosignatures.Add(Cosignature.Of(charging.Id, delegates[i].Id, nowUtc.AddDays(-18).AddHours(i)));
        }
        var item = AgendaItem.ForMotion(session.Id, items + 1, charging.Id, charging.Title, delegates[0].Name);
        db.AgendaItems.Add(item);
        await db.SaveChangesAsync(ct);
        charging.Admit(term.CosignersNeeded, term.CosignersNeeded, session.Id, item.Id);

        var canteen = Motion.Draft(street.Id, term.Id, delegates[6].Id, new MotionInput(
            "关于延长社区老年食堂晚间供餐时间的议案",
            """
            老年食堂晚餐17:30即停止供应，不少双职工家庭的老人反映时间太早。建议延长至19:00，并增加送餐上门服务。
            """), nowUtc.AddDays(-5));
        db.Motions.Add(canteen);
        canteen.Submit(nowUtc.AddDays(-4));
        await db.SaveChangesAsync(ct);
        db.Cosignatures.Add(Cosignature.Of(canteen.Id, delegates[7].Id, nowUtc.AddDays(-3)));
        db.Cosignatures.Add(Cosignature.Of(canteen.Id, delegates[8].Id, nowUtc.AddDays(-2)));
        await db.SaveChangesAsync(ct);

        // A by-election on paper, prepared with its two tellers: the hall marks paper ballots, the tellers count them.
        var election = Vote.PrepareElection(street.Id, session.Id, null, new ElectionInput("居务监督委员会委员补选", 2, ElectionRule.MostVotesAndHalfOfCast, Secret: true,
            [new CandidateInput(delegates[10].Name, delegates[10].Id), new CandidateInput(delegates[15].Name, delegates[15].Id), new CandidateInput(delegates[20].Name, delegates[20].Id)]),
            null, nowUtc.AddHours(-1));
        db.Votes.Add(election);
        await db.SaveChangesAsync(ct);
        db.Candidates.AddRange([Candidate.Of(election.Id, 1, delegates[10].Name, delegates[10].Id), Candidate.Of(election.Id, 2, delegates[15].Name, delegates[15].Id),
            Candidate.Of(election.Id, 3, delegates[20].Name, delegates[20].Id)]);
        election.UseTellers();
        db.Tellers.AddRange([Teller.Of(election.Id, delegates[36].Id), Teller.Of(election.Id, delegates[37].Id)]);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Next year's livelihood projects of 示例街道, published for residents' comments three weeks ago, the period over:
    /// five candidates for three marks each under a budget cap, ready for the congress's ballot.
    /// </summary>
    /// <summary>
    /// This year's livelihood projects, chosen by last quarter's session: four candidates, three marks each, a cap of
    /// 1,600,000 yuan; three adopted and published as resolutions, their departments' steps planned and partly reached
    /// (the fire-safety work done, the care station behind its plan), a photo of the work; the reading corner rejected.
    /// </summary>
    private static async Task SeedThisYearsProjectsAsync(CongressDbContext db, Street street, List<Department> departments, DateTime nowUtc, CancellationToken ct)
    {
        var previous = await db.Sessions.Where(s => s.StreetId == street.Id && s.CommunityId == null && s.Kind == SessionKind.Regular
            && (s.Status == SessionStatus.Adjourned || s.Status == SessionStatus.MinutesPublished)).OrderBy(s => s.ScheduledUtc).FirstAsync(ct);
        var held = previous.ScheduledUtc;
        var heldOn = DateOnly.FromDateTime(SessionTime.Local(held));
        var year = DateOnly.FromDateTime(SessionTime.Local(nowUtc)).Year;
        var round = Projects.ProjectRound.Create(street.Id, new Projects.ProjectRoundInput(year, $"{year}年民生实事项目", 3, BudgetCap: 1_600_000), held.AddDays(-60));
        db.ProjectRounds.Add(round);
        await db.SaveChangesAsync(ct);
        var candidates = new (string Title, string Text, long Cost, int Department)[]
        {
            ("老旧小区消防设施更新", "为和平里、春晖小区等 12 个老旧小区更换消火栓和灭火器，楼道加装烟感报警器。", 500_000, 1),
            ("社区养老服务驿站", "在东风、新华两个社区各建一处养老服务驿站，提供日间照料、助浴和康复服务。", 700_000, 0),
            ("背街小巷路面修缮", "修缮东风路以北 8 条背街小巷的破损路面和排水沟。", 350_000, 1),
            ("社区图书角", "在五个社区活动中心各设一处图书角，配置图书 2,000 册。", 150_000, 0),
        };
        var projects = new List<Projects.LivelihoodProject>();
        foreach (var c in candidates)
        {
            var project = Projects.LivelihoodProject.Propose(street.Id, round.Id, projects.Count + 1,
                new Projects.ProjectInput(c.Title, c.Text, c.Cost, departments[c.Department].Id, Projects.ProjectSource.Delegates));
            db.LivelihoodProjects.Add(project);
            projects.Add(project);
        }
        await db.SaveChangesAsync(ct);
        round.Publish(candidates.Select(c => c.Cost).ToList(), heldOn.AddDays(-40), heldOn.AddDays(-10));
        var delegates = await db.Delegates.Where(d => d.TermId == previous.TermId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var vote = Vote.PrepareElection(street.Id, previous.Id, null, new ElectionInput(DomainText.Get("Projects.BallotTitle", round.Title, round.MaxMarks), round.MaxMarks,
            ElectionRule.MostVotes, Secret: true, candidates.Select(c => new CandidateInput(c.Title, null)).ToList()), null, held.AddHours(1));
        db.Votes.Add(vote);
        await db.SaveChangesAsync(ct);
        var standing = projects.Select((p, i) => Candidate.ForProject(vote.Id, i + 1, p.Title, p.Id)).ToList();
        db.Candidates.AddRange(standing);
        round.PutToBallot(vote.Id, heldOn);
        var present = delegates.Take(36).ToList();
        vote.Open(present.Count, delegates.Count, quorate: true, held.AddHours(1).AddMinutes(20));
        db.Voters.AddRange(present.Select(d => Voter.Eligible(vote.Id, d)));
        await db.SaveChangesAsync(ct);
        // 34 ballots: fire safety on 32, the care station on 30, the lanes on 27, the reading corner on 9.
        var (fire, care, lanes, books) = (standing[0].Id, standing[1].Id, standing[2].Id, standing[3].Id);
        var ballots = Enumerable.Range(0, 34).Select(i => i switch
        {
            < 25 => new[] { fire, care, lanes },
            < 30 => [fire, care, books],
            < 32 => [fire, lanes, books],
            _ => [lanes, books],
        }).ToList();
        db.Ballots.AddRange(ballots.Select(b => Ballot.Mark(vote, 0, b)));
        var marks = ballots.SelectMany(b => b).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var closedAt = held.AddHours(1).AddMinutes(35);
        var ballot = new Projects.ProjectBallot(round, projects, [vote], standing);
        vote.CloseElection(ballots.Count, standing, marks, closedAt, ballot.Decide(standing, ballots.Count, vote.Present, vote.All));
        await db.SaveChangesAsync(ct);
        await db.Voters.Where(v => v.VoteId == vote.Id && present.Take(34).Contains(v.DelegateId)).ExecuteUpdateAsync(u => u.SetProperty(v => v.HasVoted, true), ct);
        await Projects.ProjectService.AdoptAsync(db, () => db.SaveChangesAsync(ct), vote, ballot, "convener", heldOn, closedAt);
        vote.Publish(held.AddDays(1));
        await db.SaveChangesAsync(ct);

        // Published in the session's quarter after the motions' resolutions; the departments' plans and work since.
        var (ry, rq) = Resolution.QuarterOf(held);
        var number = await db.Resolutions.Where(r => r.StreetId == street.Id && r.Year == ry && r.Quarter == rq && r.Status == ResolutionStatus.Published).MaxAsync(r => (int?)r.Sequence, ct) ?? 0;
        var adopted = await db.Resolutions.Include(r => r.Implementation).Where(r => r.VoteId == vote.Id).OrderBy(r => r.ProjectId).ToListAsync(ct);
        foreach (var r in adopted)
        {
            r.Publish(vote, ry, rq, ++number, held.AddDays(2));
        }
        await db.SaveChangesAsync(ct);
        var officerOf = new Dictionary<int, string> { [departments[0].Id] = "officer03", [departments[1].Id] = "officer04" };
        var steps = new Dictionary<string, (string Title, int Days, int Percent)[]>
        {
            ["老旧小区消防设施更新"] = [("完成 12 个小区现场勘查", 10, 20), ("消火栓、灭火器更换完成", 45, 70), ("烟感报警器安装并验收", 80, 100)],
            ["社区养老服务驿站"] = [("完成选址和设计", 20, 20), ("东风社区驿站装修完成", 70, 60), ("两处驿站开门运营", 115, 100)],
            ["背街小巷路面修缮"] = [("完成招标", 15, 15), ("8 条小巷路面修缮完成", 100, 80), ("排水沟疏通并验收", 120, 100)],
        };
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        foreach (var r in adopted)
        {
            var project = projects.Single(p => p.Id == r.ProjectId);
            var who = officerOf.GetValueOrDefault(project.DepartmentId, "convener");
            foreach (var (title, days, percent) in steps[project.Title])
            {
                var planned = await db.ProjectMilestones.Where(m => m.ProjectId == project.Id).ToListAsync(ct);
                var step = Projects.ProjectMilestone.Plan(project, new Projects.MilestoneInput(title, heldOn.AddDays(days), percent), planned);
                db.ProjectMilestones.Add(step);
                await db.SaveChangesAsync(ct);
                // Reached on its day, while that day has passed, except the care station's second step, late.
                var due = heldOn.AddDays(days);
                if (due > today || project.Title == "社区养老服务驿站" && percent == 60)
                {
                    continue;
                }
                step.Reach(due);
                var at = SessionTime.ToUtc(due.ToDateTime(new TimeOnly(16, 0)));
                var item = r.Implementation;
                var from = item.State;
                if (percent == 100)
                {
                    item.MarkDone(at);
                }
                else
                {
                    item.RecordProgress(percent, at);
                }
                db.TrackedEvents.Add(TrackedEvent.Of(item.Id, who, from, item.State, DomainText.Get("Projects.MilestoneNote", title, percent), at));
                await db.SaveChangesAsync(ct);
            }
        }
        // A photo of the fire-safety work, as the department attaches it to the implementation.
        var fireWork = adopted.Single(r => r.ProjectId == projects[0].Id).Implementation;
        var photo = Attachments.AttachmentFiles.Check("消防设施更新现场.png", SitePhoto());
        var (attachment, content) = Attachments.Attachment.Of(street.Id, Attachments.AttachmentRecord.TrackedItem, fireWork.Id, photo, null, held.AddDays(50));
        db.Attachments.Add(attachment);
        db.AttachmentContents.Add(content);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A drawn picture of a red fire hydrant by a wall, standing in for a photo of the work.</summary>
    private static byte[] SitePhoto()
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(640, 480));
        var canvas = surface.Canvas;
        canvas.Clear(new SkiaSharp.SKColor(0xCF, 0xE3, 0xF1));
        using var paint = new SkiaSharp.SKPaint { IsAntialias = true };
        paint.Color = new SkiaSharp.SKColor(0xB9, 0xB2, 0xA6);
        canvas.DrawRect(0, 300, 640, 180, paint);
        paint.Color = new SkiaSharp.SKColor(0xE8, 0xE1, 0xD3);
        canvas.DrawRect(40, 80, 360, 220, paint);
        paint.Color = new SkiaSharp.SKColor(0x5B, 0x7A, 0x99);
        for (var x = 70; x < 380; x += 80)
        {
            canvas.DrawRect(x, 120, 50, 60, paint);
        }
        paint.Color = new SkiaSharp.SKColor(0xC6, 0x28, 0x28);
        canvas.DrawRoundRect(470, 250, 60, 130, 12, 12, paint);
        canvas.DrawCircle(500, 250, 34, paint);
        canvas.DrawRect(440, 290, 120, 22, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }

    private static async Task SeedProjectsAsync(CongressDbContext db, Street street, List<Department> departments, DateTime nowUtc, CancellationToken ct)
    {
        await SeedThisYearsProjectsAsync(db, street, departments, nowUtc, ct);
        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        var round = Projects.ProjectRound.Create(street.Id, new Projects.ProjectRoundInput(today.Year + 1, $"{today.Year + 1}年民生实事项目", 3, BudgetCap: 2_000_000), nowUtc.AddDays(-30));
        db.ProjectRounds.Add(round);
        await db.SaveChangesAsync(ct);
        var lift = await db.TrackedItems.Where(i => i.StreetId == street.Id && i.Kind == TrackedKind.Opinion && i.Title.Contains("电梯")).Select(i => i.Id).ToListAsync(ct);
        var candidates = new (string Title, string Text, long Cost, int Department, Projects.ProjectSource Source)[]
        {
            ("老旧小区电梯维保与加装", "春晖苑、新华苑等老旧小区电梯全面维保，具备条件的楼栋加装电梯。", 1_200_000, 0, lift.Count > 0 ? Projects.ProjectSource.Opinions : Projects.ProjectSource.Department),
            ("社区老年食堂", "在和平、朝阳两个社区各建一处老年食堂，为 70 岁以上老人提供午餐。", 600_000, 0, Projects.ProjectSource.Delegates),
            ("口袋公园建设", "利用东风路沿线边角地建设三处口袋公园，增设健身和休憩设施。", 450_000, 1, Projects.ProjectSource.Department),
            ("背街小巷路灯改造", "更换背街小巷老旧路灯 200 盏，消除夜间照明盲区。", 300_000, 1, Projects.ProjectSource.Delegates),
            ("垃圾分类亭升级", "将 40 处垃圾分类亭升级为带洗手池和除臭设施的新亭。", 380_000, 3, Projects.ProjectSource.Department),
        };
        var position = 0;
        foreach (var c in candidates)
        {
            var project = Projects.LivelihoodProject.Propose(street.Id, round.Id, ++position,
                new Projects.ProjectInput(c.Title, c.Text, c.Cost, departments[c.Department].Id, c.Source, c.Source == Projects.ProjectSource.Opinions ? lift : null));
            db.LivelihoodProjects.Add(project);
            await db.SaveChangesAsync(ct);
            if (c.Source == Projects.ProjectSource.Opinions)
            {
                db.ProjectOpinions.AddRange(lift.Select(id => Projects.ProjectOpinion.Of(project.Id, id)));
            }
        }
        round.Publish(candidates.Select(c => c.Cost).ToList(), today.AddDays(-21), today.AddDays(-1));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The self-governance committee elected at last quarter's session (five seats, six candidates): a deputy to the
    /// people's congress (delegate01, its chair), a CPPCC member and the heads of three communities, so that the make-up
    /// check shows two communities still without a head on it. Its workspace holds a request of 综治办 in progress (agreed,
    /// discussed, assigned to two communities, one of them at work on it) and one of 环境卫生科 waiting for the committee.
    /// </summary>
    private static async Task SeedCommitteeAsync(CongressDbContext db, Street street, Term term, List<Community> communities, List<Department> departments,
        List<Officer> officers, DateTime nowUtc, CancellationToken ct)
    {
        var delegates = await db.Delegates.Where(d => d.TermId == term.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var previous = await db.Sessions.Where(s => s.StreetId == street.Id && s.CommunityId == null && s.Kind != SessionKind.CommitteeMeeting && (s.Status == SessionStatus.Adjourned || s.Status == SessionStatus.MinutesPublished)).OrderBy(s => s.ScheduledUtc).FirstAsync(ct);
        var held = previous.ScheduledUtc.AddHours(1).AddMinutes(30);
        CongressDelegate[] standing = [delegates[0], delegates[4], delegates[7], delegates[9], delegates[11], delegates[13]];
        var election = Vote.PrepareElection(street.Id, previous.Id, null, new ElectionInput("第三届居民自治委员会选举", 5, ElectionRule.MostVotesAndHalfOfCast, Secret: true,
            standing.Select(d => new CandidateInput(d.Name, d.Id)).ToList()), null, held);
        db.Votes.Add(election);
        await db.SaveChangesAsync(ct);
        var candidates = standing.Select((d, i) => Candidate.Of(election.Id, i + 1, d.Name, d.Id)).ToList();
        db.Candidates.AddRange(candidates);
        await db.SaveChangesAsync(ct);
        var present = delegates.Take(36).ToList();
        election.Open(present.Count, delegates.Count, quorate: true, held);
        db.Voters.AddRange(present.Select(d => Voter.Eligible(election.Id, d.Id)));
        // 34 ballots: 30 for the first five, 4 for the first four and the sixth.
        var ballots = Enumerable.Range(0, 34).Select(i => i < 30 ? candidates.Take(5) : candidates.Take(4).Append(candidates[5])).ToList();
        db.Ballots.AddRange(ballots.Select(b => Ballot.Mark(election, 0, b.Select(c => c.Id))));
        var marks = candidates.ToDictionary(c => c.Id, c => ballots.Count(b => b.Contains(c)));
        election.CloseElection(ballots.Count, candidates, marks, held.AddMinutes(20));
        election.Publish(held.AddDays(1));
        await db.SaveChangesAsync(ct);
        var voted = present.Take(ballots.Count).Select(d => d.Id).ToList();
        await db.Voters.Where(v => v.VoteId == election.Id && voted.Contains(v.DelegateId)).ExecuteUpdateAsync(u => u.SetProperty(v => v.HasVoted, true), ct);
        var members = candidates.Where(c => c.Outcome == CandidateOutcome.Elected)
            .Select(c => CommitteeMember.Elected(street.Id, term.Id, c.Name, standing.Single(d => d.Id == c.DelegateId), election.Id, c.Marks, held.AddDays(1))).ToList();
        members[0].SetChair(true);
        db.CommitteeMembers.AddRange(members);
        await db.SaveChangesAsync(ct);

        var today = DateOnly.FromDateTime(SessionTime.Local(nowUtc));
        var gas = CommitteeRequest.Submit(street.Id, departments[2].Id, officers[4].Name, new CommitteeRequestInput("冬季燃气安全入户宣传",
            "入冬以来辖区发生两起燃气泄漏险情。请各社区组织网格员和志愿者入户发放燃气安全告知书，检查老旧胶管，登记需要更换的住户，月底前报综治办。",
            today.AddDays(20)), nowUtc.AddDays(-8));
        var sorting = CommitteeRequest.Submit(street.Id, departments[3].Id, officers[5].Name, new CommitteeRequestInput("垃圾分类督导志愿者招募",
            "春节前后垃圾量大，请各社区各招募 4 名以上督导志愿者，早晚高峰在投放点值守。", today.AddDays(40)), nowUtc.AddDays(-1));
        db.CommitteeRequests.AddRange(gas, sorting);
        await db.SaveChangesAsync(ct);
        db.CommitteeRequestNotes.AddRange(
            CommitteeRequestNote.Write(gas.Id, members[0].Name, "老旧小区胶管老化最多，先做和平、光明两个社区，其他社区下月跟进。", nowUtc.AddDays(-7)),
            CommitteeRequestNote.Write(gas.Id, members[2].Name, "东风社区网格员人手够，可以抽两人支援光明社区。", nowUtc.AddDays(-7).AddMinutes(20)));
        var way = "网格员带志愿者逐户发放告知书、检查胶管，需要更换的登记后由综治办联系燃气公司统一上门。";
        gas.Assign(way, nowUtc.AddDays(-6));
        var due = today.AddDays(14);
        foreach (var community in new[] { communities[2], communities[4] })
        {
            var task = TrackedItem.Task(street.Id, null, community.Id, new TaskInput(gas.Title, way, [community.Id], due), nowUtc.AddDays(-6), gas.Id);
            db.TrackedItems.Add(task);
            await db.SaveChangesAsync(ct);
            db.TrackedEvents.Add(TrackedEvent.Of(task.Id, members[0].Name, TrackedState.Submitted, TrackedState.Assigned, null, nowUtc.AddDays(-6)));
            if (community == communities[2])
            {
                task.RecordProgress(40, nowUtc.AddDays(-2));
                db.TrackedEvents.Add(TrackedEvent.Of(task.Id, "和平社区", TrackedState.Assigned, TrackedState.InProgress, "已入户 120 户，登记需更换胶管 17 户。", nowUtc.AddDays(-2)));
            }
        }
        await db.SaveChangesAsync(ct);
        await SeedCommitteeMeetingAsync(db, street, term, members, gas, nowUtc, ct);
    }

    /// <summary>
    /// The committee's meeting that agreed how the gas-safety request is done (the evening its discussion was written):
    /// all five members present, a named vote adopting it by more than half of all members, and the minutes signed off
    /// by its chair.
    /// </summary>
    private static async Task SeedCommitteeMeetingAsync(CongressDbContext db, Street street, Term term, List<CommitteeMember> members, CommitteeRequest gas,
        DateTime nowUtc, CancellationToken ct)
    {
        var body = Term.CreateCommittee(street.Id, term);
        db.Terms.Add(body);
        await db.SaveChangesAsync(ct);
        var congressSeats = await db.Delegates.Where(d => d.TermId == term.Id).ToDictionaryAsync(d => d.Id, ct);
        var seats = members.Select(m =>
        {
            var from = congressSeats[m.DelegateId!.Value];
            var seat = CongressDelegate.CommitteeSeat(street.Id, body.Id);
            seat.CopySeat(from.Name, from.Category, from.Phone, from.CommunityId, from.UserId);
            return seat;
        }).ToList();
        db.Delegates.AddRange(seats);
        await db.SaveChangesAsync(ct);
        body.SetCommitteeSecretary(seats[members.FindIndex(m => m.IsChair)].Id);
        var when = SessionTime.ToUtc(SessionTime.Local(nowUtc).Date.AddDays(-7).AddHours(19));
        var meeting = Session.Create(street.Id, body.Id, new SessionInput(SessionKind.CommitteeMeeting, "居民自治委员会第一次会议", when, street.Name + "社区活动中心"), ofCommittee: true);
        db.Sessions.Add(meeting);
        await db.SaveChangesAsync(ct);
        var item = AgendaItem.Create(meeting.Id, 1, new AgendaItemInput(AgendaItemType.Other, DomainText.Get("Committee.RequestItem", gas.Title), gas.Need, null, 30));
        db.AgendaItems.Add(item);
        meeting.Publish(1);
        meeting.Start(when);
        db.Attendances.AddRange(seats.Select(s => Attendance.Record(meeting.Id, s.Id, AttendanceStatus.Present, bySelf: true, when)));
        await db.SaveChangesAsync(ct);
        var vote = Vote.Prepare(street.Id, meeting.Id, null, item.Id, "同意组织社区入户开展冬季燃气安全宣传", secret: false, MajorityRule.HalfOfAll, when.AddMinutes(40));
        db.Votes.Add(vote);
        await db.SaveChangesAsync(ct);
        vote.Open(seats.Count, seats.Count, quorate: true, when.AddMinutes(40));
        db.Voters.AddRange(seats.Select(s => Voter.Eligible(vote.Id, s.Id)));
        db.Ballots.AddRange(seats.Select(s => Ballot.Cast(vote, s.Id, VoteChoice.Yes)));
        vote.Close(seats.Count, 0, 0, when.AddMinutes(45));
        vote.Publish(when.AddMinutes(50));
        await db.SaveChangesAsync(ct);
        var voted = seats.Select(s => s.Id).ToList();
        await db.Voters.Where(v => v.VoteId == vote.Id && voted.Contains(v.DelegateId)).ExecuteUpdateAsync(u => u.SetProperty(v => v.HasVoted, true), ct);
        meeting.Adjourn(when.AddHours(1).AddMinutes(30));
        var minutes = $"""
            # {meeting.Title}纪要

            时间：{SessionTime.FormatFormalDateTime(when)}　地点：{meeting.Place}
            出席：委员 {seats.Count} 人，全体出席。

            ## 一、协办请求“{gas.Title}”
            委员会讨论了综治办的请求，同意先做和平、光明两个社区，其他社区下月跟进；东风社区抽两名网格员支援光明社区。
            记名表决：赞成{seats.Count}票，反对0票，弃权0票，通过（过全体委员半数）。
            """;
        meeting.SaveMinutes(minutes);
        db.MinutesVersions.Add(MinutesVersion.Of(meeting.Id, 1, minutes, "召集人", when.AddDays(1)));
        meeting.SubmitMinutes(when.AddDays(1));
        var chair = members.Single(m => m.IsChair);
        meeting.SignOffMinutes($"{DomainText.Get("Committee.Chair")} {chair.Name}", when.AddDays(2));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 40 delegates: 4 people's-congress deputies, 3 CPPCC members, a secretary and a director from each of the five
    /// communities, and 23 resident representatives (5, 5, 5, 4, 4: every community within the 4–5 quota).
    /// </summary>
    private static IEnumerable<DelegateInput> DelegatePlan(List<Community> communities, Func<string> nextName)
    {
        for (var i = 0; i < 4; i++)
        {
            yield return new DelegateInput(nextName(), DelegateCategory.PeoplesCongressDeputy, i < 2 ? communities[i].Id : null, $"1380000{i + 1:D4}");
        }
        for (var i = 0; i < 3; i++)
        {
            yield return new DelegateInput(nextName(), DelegateCategory.CppccMember, null, $"1370000{i + 1:D4}");
        }
        foreach (var c in communities)
        {
            yield return new DelegateInput(nextName(), DelegateCategory.CommunityHead, c.Id, null);
            yield return new DelegateInput(nextName(), DelegateCategory.CommunityHead, c.Id, null);
        }
        int[] reps = [5, 5, 5, 4, 4];
        for (var c = 0; c < communities.Count; c++)
        {
            for (var i = 0; i < reps[c]; i++)
            {
                yield return new DelegateInput(nextName(), DelegateCategory.ResidentRepresentative, communities[c].Id, null);
            }
        }
    }

    private static CongressUser AddUser(CongressDbContext db, string hash, Dictionary<string, string> roleIds, string userName, string displayName, string role, int? streetId)
    {
        var user = new CongressUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = displayName,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            StreetId = streetId,
            LockoutEnabled = true,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        return user;
    }
}
