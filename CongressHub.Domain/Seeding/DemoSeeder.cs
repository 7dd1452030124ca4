using CongressHub.Domain.Accounts;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
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
        new("xinghai", "星海街道", "Xinghai Street", "星海区", ["海滨社区", "星光社区", "望海社区", "渔港社区", "帆影社区"], "convener2", 7, 6, 41),
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
                await db.SaveChangesAsync(ct);
                var user = AddUser(db, hash, roleIds, $"officer{number:D2}", officer.Name, Roles.Officer, street.Id);
                user.OfficerId = officer.Id;
                officer.LinkAccount(user.Id);
            }

            for (var i = 0; i < communities.Count; i++)
            {
                var user = AddUser(db, hash, roleIds, $"staff{plan.FirstStaff + i:D2}", NextName(), Roles.CommunityStaff, street.Id);
                user.CommunityId = communities[i].Id;
            }

            foreach (var (input, i) in DelegatePlan(communities, NextName).Select((x, i) => (x, i)))
            {
                var d = Delegate.Create(street.Id, term.Id, input);
                db.Delegates.Add(d);
                await db.SaveChangesAsync(ct);
                var user = AddUser(db, hash, roleIds, $"delegate{plan.FirstDelegate + i:D2}", d.Name, Roles.Delegate, street.Id);
                user.DelegateId = d.Id;
                user.CommunityId = d.CommunityId;
                d.LinkAccount(user.Id);
            }
            await db.SaveChangesAsync(ct);
            await SeedSessionAsync(db, street, term, plan.Slug == "shiyan", nowUtc, ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Street 1 is in session right now (live, agenda in the seed's order, nobody checked in yet); street 2's next
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
        if (live)
        {
            session.Start(nowUtc);
        }
        await db.SaveChangesAsync(ct);
        if (live)
        {
            await SeedMotionsAsync(db, street, term, session, items.Count, nowUtc, ct);
        }
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
