using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CongressHub.Domain;
using CongressHub.Domain.Accounts;
using CongressHub.Domain.Audit;
using CongressHub.Domain.Common;
using CongressHub.Domain.Directory;
using CongressHub.Domain.Motions;
using CongressHub.Domain.Notices;
using CongressHub.Domain.Resolutions;
using CongressHub.Domain.Reviews;
using CongressHub.Domain.Search;
using CongressHub.Domain.Seeding;
using CongressHub.Domain.Sessions;
using CongressHub.Domain.Streets;
using CongressHub.Domain.Tracking;
using CongressHub.Domain.Voting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CongressHub.Bench;

/// <summary>
/// <c>generate</c>: ten years of a city on top of the demo, for measuring pages at that size. 200 streets × scale, each
/// with 5 communities, three terms of 40 delegates, 4 sessions a year (agenda, attendance, speeches, minutes, three
/// motions voted on, two resolutions with their notice period, comments and implementation, questions answered and
/// rated), 50 opinions per community per month with their histories and monthly compilations, the notices of every
/// session, a yearly review of work reports rated by the delegates, and each street's audit chain (sealed as the app
/// seals it, so <c>verify-audit</c> passes). The streets' structure goes through the domain's factories; the bulk goes
/// straight into the tables (<see cref="BulkWriter"/>). Every generated account's password is the demo's.
/// </summary>
internal static class CityGenerator
{
    private static readonly string[] Places = ["小区门口", "三号楼楼道", "菜市场旁", "公交站台", "健身广场", "地下车库", "老旧小区", "小学门口", "河道边", "社区卫生站附近", "农贸市场", "背街小巷"];
    private static readonly string[] Objects = ["电梯", "路灯", "垃圾分类点", "停车位", "下水道", "健身器材", "消防通道", "电动车充电桩", "绿化带", "井盖", "监控探头", "快递柜", "公共厕所", "休息座椅"];
    private static readonly string[] Problems = ["经常故障", "损坏多时无人维修", "噪音扰民", "占道严重", "存在安全隐患", "夜间照明不足", "异味明显", "数量不够", "被私人占用"];
    private static readonly string[] Actions = ["尽快维修", "增设一批", "加强巡查", "协调物业处理", "纳入明年民生实事项目", "安排专人管理", "联系产权单位整改"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["建国", "秀英", "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英"];
    private static readonly string[] CommunityNames = ["东风", "朝阳", "和平", "新华", "春晖", "光明", "幸福", "团结", "友谊", "长青"];
    private static readonly string[] DepartmentNames = ["民政科", "城市管理科", "综治办", "环境卫生科"];

    public static async Task RunAsync(string[] args)
    {
        var scale = double.Parse(Option(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        var years = int.Parse(Option(args, "--years") ?? "10", CultureInfo.InvariantCulture);
        var postgres = Option(args, "--postgres");
        var output = Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), "congresshub-city", $"city-{scale.ToString(CultureInfo.InvariantCulture)}.db");
        var streets = Math.Max(1, (int)Math.Round(200 * scale));

        var settings = new Dictionary<string, string?>();
        if (postgres is not null)
        {
            await RecreateAsync(postgres);
            settings["Database:Provider"] = DatabaseEngine.Postgres;
            settings["ConnectionStrings:CongressHub"] = postgres;
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            foreach (var f in new[] { output, output + "-wal", output + "-shm" })
            {
                File.Delete(f);
            }
            settings["ConnectionStrings:CongressHub"] = $"Data Source={output}";
        }
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "congresshub-city", "data")).FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddCongressDomain(config, folder).BuildServiceProvider();
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true);
        Console.WriteLine($"demo database ready in {clock.Elapsed.TotalSeconds:F1} s; generating {streets} streets × {years} years on {(postgres is null ? "SQLite " + output : "PostgreSQL")}");

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CongressDbContext>>().CreateDbContext();
        await db.Database.OpenConnectionAsync();
        if (postgres is null)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF");
        }
        var generator = new StreetGenerator(db, DateTime.UtcNow, years);
        await generator.PrepareAsync();
        clock.Restart();
        for (var s = 1; s <= streets; s++)
        {
            await generator.StreetAsync(s, (s - 1) / 20 + 1);
            if (s % 10 == 0 || s == streets)
            {
                Console.WriteLine($"  {s} streets, {clock.Elapsed.TotalSeconds:F0} s, {generator.Writer.Tables.Sum(t => t.Written):N0} rows written");
            }
        }
        await generator.Writer.ResetSequencesAsync();
        // Every record's grams are written with it: the next start need not rebuild the index.
        await db.SearchGrams.Where(g => g.Kind == SearchKind.ToFill).ExecuteDeleteAsync();
        // The items were written past the saves that keep their due counts: counted once, from the items.
        await db.Database.ExecuteSqlRawAsync(DueCounts.RebuildSql);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| table | rows |");
        Console.WriteLine($"| --- | --- |");
        foreach (var t in generator.Writer.Tables.OrderByDescending(t => t.Written))
        {
            Console.WriteLine($"| {t.Name} | {t.Written:N0} |");
        }
        var total = generator.Writer.Tables.Sum(t => t.Written);
        string size;
        if (postgres is null)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearAllPools();
            size = $"{new FileInfo(output).Length / 1048576.0:N0} MB ({output})";
        }
        else
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "SELECT pg_database_size(current_database())";
            size = $"{Convert.ToInt64(await cmd.ExecuteScalarAsync()) / 1048576.0:N0} MB";
        }
        Console.WriteLine();
        Console.WriteLine($"{streets} streets, {years} years: {total:N0} rows in {seconds:F0} s ({total / seconds:N0} rows/s); database {size}");
        Console.WriteLine($"conveners: convener-street001 … convener-street{streets:D3}; districts: district-01 …; password {DemoSeeder.Password}");
    }

    /// <summary>The connection string's database, dropped if it exists and created empty.</summary>
    private static async Task RecreateAsync(string connectionString)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("--postgres needs Database=… in the connection string.");
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
        {
            await using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>One street at a time: its structure through EF, then its ten years in bulk, flushed parent tables first.</summary>
    private sealed class StreetGenerator(CongressDbContext db, DateTime nowUtc, int years)
    {
        private readonly Random _random = new(20261204);
        private string _hash = "";
        private Dictionary<string, string> _roles = [];
        private long _session, _agenda, _attendance, _speaker, _minutes, _motion, _vote, _resolution, _comment, _item, _event, _notice, _delivery,
            _audit, _round, _report;
        private readonly HashSet<string> _districts = [];

        public BulkWriter Writer { get; } = new(db);

        public async Task PrepareAsync()
        {
            _hash = new PasswordHasher<CongressUser>().HashPassword(new CongressUser(), DemoSeeder.Password);
            _roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
            // Parent tables first: each street's rows are flushed in this order, so every reference finds its row.
            _session = await Writer.NextIdAsync<Session>();
            _agenda = await Writer.NextIdAsync<AgendaItem>();
            _attendance = await Writer.NextIdAsync<Attendance>();
            _speaker = await Writer.NextIdAsync<SpeakerRequest>();
            _minutes = await Writer.NextIdAsync<MinutesEntry>();
            _motion = await Writer.NextIdAsync<Motion>();
            Writer.For<Cosignature>();
            _vote = await Writer.NextIdAsync<Vote>();
            Writer.For<Voter>();
            Writer.For<Ballot>();
            _item = await Writer.NextIdAsync<TrackedItem>();
            _event = await Writer.NextIdAsync<TrackedEvent>();
            Writer.For<FollowUpRating>();
            Writer.For<MonthCompilation>();
            _resolution = await Writer.NextIdAsync<Resolution>();
            _comment = await Writer.NextIdAsync<ResolutionComment>();
            _notice = await Writer.NextIdAsync<Notice>();
            _delivery = await Writer.NextIdAsync<NoticeDelivery>();
            _round = await Writer.NextIdAsync<ReviewRound>();
            _report = await Writer.NextIdAsync<WorkReport>();
            Writer.For<ReportRater>();
            Writer.For<ReportRating>();
            _audit = await Writer.NextIdAsync<AuditEntry>();
            Writer.For<SearchGram>();
        }

        /// <summary>The record's rows of the search index, as the app writes them when it saves the record.</summary>
        private void Grams(int streetId, SearchKind kind, long itemId, params string?[] texts)
        {
            foreach (var gram in SearchText.Grams(texts))
            {
                _grams.Add((streetId, kind, gram, itemId));
            }
        }

        private readonly List<(int StreetId, SearchKind Kind, string Gram, long ItemId)> _grams = [];

        /// <summary>The street's grams in key order, so that the index grows at its end instead of at random places.</summary>
        private void WriteGrams()
        {
            _grams.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Gram, b.Gram) is var c and not 0 ? c : a.ItemId.CompareTo(b.ItemId));
            foreach (var (streetId, kind, gram, itemId) in _grams)
            {
                Writer.For<SearchGram>().Row().Set("StreetId", streetId).Set("Kind", kind).Set("Gram", gram).Set("ItemId", itemId).Add();
            }
            _grams.Clear();
        }

        private T Pick<T>(T[] from) => from[_random.Next(from.Length)];

        private string Person() => Pick(Surnames) + Pick(Given);

        private CongressUser User(string userName, string displayName, string role, int streetId)
        {
            var user = new CongressUser
            {
                UserName = userName,
                NormalizedUserName = userName.ToUpperInvariant(),
                DisplayName = displayName,
                PasswordHash = _hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                StreetId = streetId,
                LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = _roles[role] });
            return user;
        }

        public async Task StreetAsync(int n, int districtNumber)
        {
            var today = DateOnly.FromDateTime(nowUtc);
            var slug = $"street{n:D3}";
            var district = $"第{districtNumber}区";
            var street = Street.Create(new StreetInput(slug, $"第{n}街道", $"Street {n}", district), nowUtc.AddYears(-years));
            db.Streets.Add(street);
            await db.SaveChangesAsync();
            if (_districts.Add(district))
            {
                var user = User($"district-{districtNumber:D2}", district + "人大工委", Roles.District, street.Id);
                user.StreetId = null;
                user.District = district;
            }

            var communities = Enumerable.Range(0, 5).Select(i => Community.Create(street.Id, new NamedInput(CommunityNames[(n + i) % CommunityNames.Length] + "社区", i + 1))).ToList();
            var departments = DepartmentNames.Select((name, i) => Department.Create(street.Id, new NamedInput(name, i + 1))).ToList();
            var terms = Enumerable.Range(0, 3).Select(t => Term.Create(street.Id, new TermInput(t + 1, today.AddYears(-years - 1 + 5 * t), today.AddYears(-years + 4 + 5 * t)))).ToList();
            db.Communities.AddRange(communities);
            db.Departments.AddRange(departments);
            db.Terms.AddRange(terms);
            await db.SaveChangesAsync();
            User($"convener-{slug}", "召集人·" + street.Name, Roles.Convener, street.Id);
            var officers = new List<Officer>();
            for (var i = 0; i < 6; i++)
            {
                var department = i < 2 ? null : departments[i - 2];
                var officer = Officer.Create(street.Id, new OfficerInput(Person(), i < 2 ? "街道办事处主任" : department!.Name + "科长", department?.Id, i < 2, null));
                db.Officers.Add(officer);
                officers.Add(officer);
            }
            await db.SaveChangesAsync();
            foreach (var (officer, i) in officers.Select((o, i) => (o, i)))
            {
                var user = User($"officer-{slug}-{i + 1}", officer.Name, Roles.Officer, street.Id);
                user.OfficerId = officer.Id;
                officer.LinkAccount(user.Id);
            }
            for (var i = 0; i < communities.Count; i++)
            {
                communities[i].PutInCharge(officers[2 + i % 4]);
                User($"staff-{slug}-{i + 1}", Person(), Roles.CommunityStaff, street.Id).CommunityId = communities[i].Id;
            }
            var delegates = new List<List<CongressDelegate>>();
            foreach (var term in terms)
            {
                var members = new List<CongressDelegate>();
                for (var i = 0; i < 40; i++)
                {
                    var category = i < 4 ? DelegateCategory.PeoplesCongressDeputy : i < 7 ? DelegateCategory.CppccMember : i < 17 ? DelegateCategory.CommunityHead : DelegateCategory.ResidentRepresentative;
                    int? community = category is DelegateCategory.CppccMember ? null : communities[i % 5].Id;
                    members.Add(CongressDelegate.Create(street.Id, term.Id, new DelegateInput(Person(), category, community, null)));
                }
                db.Delegates.AddRange(members);
                delegates.Add(members);
            }
            await db.SaveChangesAsync();
            var current = delegates[^1];
            foreach (var (d, i) in current.Select((d, i) => (d, i)))
            {
                var user = User($"d-{slug}-{i + 1:D2}", d.Name, Roles.Delegate, street.Id);
                user.DelegateId = d.Id;
                user.CommunityId = d.CommunityId;
                d.LinkAccount(user.Id);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();

            var audit = new List<(DateTime At, string User, string Action, string Subject, string Details)>();
            var convener = $"convener-{slug}";
            // Ten years back from this month: the quarters from the one holding the first month.
            var firstMonth = new DateOnly(today.Year - years, today.Month, 1).AddMonths(1);
            var first = new DateOnly(firstMonth.Year, (firstMonth.Month - 1) / 3 * 3 + 1, 1);
            var quarters = years * 4 + 1;
            var sessionIds = new List<(long Id, DateTime At)>();
            for (var q = 0; q < quarters; q++)
            {
                var start = first.AddMonths(3 * q);
                var at = start.AddDays(50).ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc);
                if (at > nowUtc.AddDays(-7))
                {
                    break;
                }
                var termIndex = terms.FindIndex(t => t.Covers(DateOnly.FromDateTime(at)));
                var members = delegates[Math.Max(0, termIndex)];
                sessionIds.Add((Session(street.Id, terms[Math.Max(0, termIndex)].Id, members, departments, at, start.Year, start.Month / 3 + 1, convener, audit, live: false), at));
            }
            // The next session: published, and live on the first street, so that its snapshot can be read.
            Session(street.Id, terms[^1].Id, current, departments, n == 1 ? nowUtc.AddMinutes(-30) : nowUtc.AddDays(7), today.Year, (today.Month - 1) / 3 + 1, convener, audit, live: n == 1);
            Opinions(street.Id, communities, departments, current, sessionIds, audit, slug);
            Reviews(street.Id, officers, departments, delegates, terms, sessionIds, convener, audit);
            // Staff sign in on working days; each sign-in is in the chain.
            for (var day = firstMonth; day < today; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || _random.Next(3) > 0)
                {
                    continue;
                }
                foreach (var who in new[] { convener, $"staff-{slug}-{_random.Next(1, 6)}", $"officer-{slug}-{_random.Next(1, 7)}" })
                {
                    audit.Add((day.ToDateTime(new TimeOnly(1, _random.Next(60)), DateTimeKind.Utc), who, "Account.SignedIn", "", "password"));
                }
            }
            Chain(street.Id, audit);
            WriteGrams();
            await Writer.FlushAllAsync();
        }

        private long Session(int streetId, int termId, List<CongressDelegate> members, List<Department> departments, DateTime at, int year, int quarter,
            string convener, List<(DateTime, string, string, string, string)> audit, bool live)
        {
            var id = _session++;
            var past = !live && at < nowUtc;
            var title = $"{year}年第{quarter}季度居民代表会议例会";
            var items = new[]
            {
                (AgendaItemType.FollowUpReport, "上次会议决议和代表意见办理情况报告"),
                (AgendaItemType.OpinionReport, "本季度居民意见汇总"),
                (AgendaItemType.FloorSpeeches, "代表发言"),
                (AgendaItemType.QuestionsAndAnswers, "询问与答复"),
                (AgendaItemType.MotionVote, ""),
                (AgendaItemType.MotionVote, ""),
                (AgendaItemType.MotionVote, ""),
                (AgendaItemType.Other, "其他事项"),
            };
            var firstItem = _agenda;
            Writer.For<Session>().Row().Set("Id", id).Set("StreetId", streetId).Set("TermId", termId).Set("Kind", SessionKind.Regular).Set("Title", title)
                .Set("ScheduledUtc", at).Set("Place", "街道社区活动中心").Set("Status", past ? SessionStatus.MinutesPublished : live ? SessionStatus.Live : SessionStatus.Published)
                .Set("CurrentItemId", live ? firstItem : null).Set("StartedUtc", past || live ? at : null).Set("AdjournedUtc", past ? at.AddHours(2) : null)
                .Set("SpeakingLimitSeconds", 180).Set("ProjectorToken", Guid.NewGuid().ToString("N")).Set("MinutesMarkdown", past ? $"## {title}\n\n会议按议程进行，代表发言踊跃。" : "")
                .Set("MinutesPublishedUtc", past ? at.AddDays(3) : null).Set("Version", 1).Set("MinutesReturnNote", "").Set("MinutesSignedOffBy", past ? convener : "").Add();
            audit.Add((at.AddDays(-14), convener, "Session.Published", $"Session {id}", title));
            var motions = new List<(long Id, string Title, string Text)>();
            for (var i = 0; i < items.Length; i++)
            {
                var (type, itemTitle) = items[i];
                long? motionId = null;
                if (type == AgendaItemType.MotionVote)
                {
                    var m = _motion++;
                    var obj = Pick(Objects);
                    itemTitle = $"关于{Pick(Places)}{obj}{Pick(Actions)}的议案";
                    motions.Add((m, itemTitle, $"## 案由\n\n居民多次反映{obj}{Pick(Problems)}。\n\n## 建议\n\n{Pick(Actions)}，并在下次会议报告。"));
                    motionId = m;
                }
                Writer.For<AgendaItem>().Row().Set("Id", _agenda++).Set("SessionId", id).Set("Position", i + 1).Set("Type", type).Set("Title", itemTitle)
                    .Set("Description", "").Set("Presenter", "").Set("PlannedMinutes", 15).Set("MotionId", motionId)
                    .Set("Status", past ? AgendaItemStatus.Done : live && i == 0 ? AgendaItemStatus.Current : AgendaItemStatus.Pending)
                    .Set("StartedUtc", past || live && i == 0 ? at.AddMinutes(15 * i) : null).Set("FinishedUtc", past ? at.AddMinutes(15 * i + 15) : null).Add();
            }
            if (!past && !live)
            {
                return id;
            }
            foreach (var (d, i) in members.Select((d, i) => (d, i)))
            {
                Writer.For<Attendance>().Row().Set("Id", _attendance++).Set("SessionId", id).Set("DelegateId", d.Id)
                    .Set("Status", i % 20 == 7 ? AttendanceStatus.Excused : i % 40 == 13 ? AttendanceStatus.Absent : AttendanceStatus.Present)
                    .Set("ChangedUtc", at.AddMinutes(-10)).Set("BySelf", true).Add();
            }
            if (live)
            {
                return id;
            }
            audit.Add((at, convener, "Session.Started", $"Session {id}", title));
            for (var i = 0; i < 6; i++)
            {
                Writer.For<SpeakerRequest>().Row().Set("Id", _speaker++).Set("SessionId", id).Set("AgendaItemId", firstItem + 2).Set("DelegateId", members[(i * 7) % 40].Id)
                    .Set("Position", i + 1).Set("Status", SpeakerStatus.Done).Set("RequestedUtc", at.AddMinutes(30)).Set("StartedUtc", at.AddMinutes(31 + 3 * i))
                    .Set("EndedUtc", at.AddMinutes(33 + 3 * i)).Add();
            }
            for (var i = 0; i < 15; i++)
            {
                Writer.For<MinutesEntry>().Row().Set("Id", _minutes++).Set("SessionId", id).Set("AtUtc", at.AddMinutes(8 * i)).Set("Text", $"{Person()}代表发言：{Pick(Objects)}{Pick(Problems)}，建议{Pick(Actions)}。").Add();
            }
            var present = members.Count - 3;
            var sequence = 1;
            foreach (var (motionId, motionTitle, text) in motions)
            {
                var sponsor = members[_random.Next(members.Count)];
                var adopted = _random.Next(4) > 0;
                Writer.For<Motion>().Row().Set("Id", motionId).Set("StreetId", streetId).Set("TermId", termId).Set("SponsorId", sponsor.Id).Set("Title", motionTitle).Set("Text", text)
                    .Set("Status", adopted ? MotionStatus.Adopted : MotionStatus.Rejected).Set("SessionId", id).Set("CreatedUtc", at.AddDays(-20))
                    .Set("SubmittedUtc", at.AddDays(-19)).Set("DecidedUtc", at.AddHours(1)).Add();
                for (var c = 1; c <= 5; c++)
                {
                    Writer.For<Cosignature>().Row().Set("MotionId", motionId).Set("DelegateId", members[(members.IndexOf(sponsor) + c) % members.Count].Id).Set("AtUtc", at.AddDays(-19)).Add();
                }
                audit.Add((at.AddDays(-20), sponsor.Name, "Motion.Drafted", $"Motion {motionId}", motionTitle));
                audit.Add((at.AddDays(-19), sponsor.Name, "Motion.Submitted", $"Motion {motionId}", motionTitle));
                audit.Add((at.AddDays(-15), convener, "Motion.Admitted", $"Motion {motionId}", motionTitle));
                var secret = _random.Next(3) == 0;
                var yes = adopted ? present - _random.Next(1, 8) : _random.Next(5, present / 2);
                var no = _random.Next(0, present - yes + 1);
                var abstain = present - yes - no;
                var vote = _vote++;
                Writer.For<Vote>().Row().Set("Id", vote).Set("StreetId", streetId).Set("SessionId", id).Set("MotionId", motionId).Set("Question", motionTitle)
                    .Set("Secret", secret).Set("Kind", VoteKind.Question).Set("Rule", MajorityRule.HalfOfAll).Set("Seats", 0).Set("BallotsCast", present)
                    .Set("State", VoteState.Published).Set("Present", present).Set("All", members.Count).Set("Yes", yes).Set("No", no).Set("Abstain", abstain)
                    .Set("Adopted", adopted).Set("CreatedUtc", at.AddMinutes(60)).Set("OpenedUtc", at.AddMinutes(61)).Set("ClosedUtc", at.AddMinutes(66)).Set("PublishedUtc", at.AddMinutes(67)).Add();
                for (var i = 0; i < members.Count; i++)
                {
                    var voted = i < present;
                    Writer.For<Voter>().Row().Set("VoteId", vote).Set("DelegateId", members[i].Id).Set("HasVoted", voted).Add();
                    if (voted)
                    {
                        var choice = i < yes ? VoteChoice.Yes : i < yes + no ? VoteChoice.No : VoteChoice.Abstain;
                        Writer.For<Ballot>().Row().Set("Id", Guid.NewGuid()).Set("VoteId", vote).Set("Choice", choice).Set("DelegateId", secret ? null : members[i].Id).Add();
                    }
                }
                audit.Add((at.AddMinutes(60), convener, "Vote.Prepared", $"Vote {vote}", motionTitle));
                audit.Add((at.AddMinutes(61), convener, "Vote.Opened", $"Vote {vote}", motionTitle));
                audit.Add((at.AddMinutes(66), convener, "Vote.Closed", $"Vote {vote}", $"{yes}/{no}/{abstain}"));
                audit.Add((at.AddMinutes(67), convener, "Vote.Published", $"Vote {vote}", motionTitle));
                if (!adopted)
                {
                    continue;
                }
                var department = departments[_random.Next(departments.Count)];
                var implementation = _item++;
                var done = at.AddDays(_random.Next(30, 80));
                Item(streetId, implementation, TrackedKind.Resolution, motionTitle, motionTitle, at.AddDays(3), done > nowUtc ? TrackedState.InProgress : TrackedState.Rated,
                    null, department.Id, null, null, publishable: true, answer: done > nowUtc ? null : "已按决议完成，居民反映良好。", progress: done > nowUtc ? 50 : 100,
                    reportedIn: null, due: DateOnly.FromDateTime(at.AddDays(90)), convener);
                var rid = _resolution++;
                var published = at.AddDays(3);
                var number = $"{year}-Q{quarter}-{sequence:D2}";
                Writer.For<Resolution>().Row().Set("Id", rid).Set("StreetId", streetId).Set("SessionId", id).Set("MotionId", motionId).Set("VoteId", vote)
                    .Set("ImplementationId", implementation).Set("Title", motionTitle).Set("Text", text + "\n\n## 决议内容\n\n由" + department.Name + "牵头落实。")
                    .Set("Status", ResolutionStatus.Published).Set("Number", number).Set("Year", year).Set("Quarter", quarter).Set("Sequence", sequence++)
                    .Set("Rule", MajorityRule.HalfOfAll).Set("Secret", secret).Set("Present", present).Set("All", members.Count).Set("Yes", yes).Set("No", no).Set("Abstain", abstain)
                    .Set("AdoptedUtc", at.AddMinutes(66)).Set("PublishedUtc", published).Set("NoticeStartsOn", DateOnly.FromDateTime(published))
                    .Set("NoticeEndsOn", DateOnly.FromDateTime(published.AddDays(14))).Set("NoticeOutcome", "公示期内未收到异议。").Set("Version", 1).Add();
                Grams(streetId, SearchKind.Resolution, rid, motionTitle, text + "\n\n## 决议内容\n\n由" + department.Name + "牵头落实。", number);
                audit.Add((published, convener, "Resolution.Published", $"Resolution {rid}", number));
                for (var c = 0; c < 3; c++)
                {
                    Writer.For<ResolutionComment>().Row().Set("Id", _comment++).Set("ResolutionId", rid).Set("Text", $"支持！希望{Pick(Objects)}也一并解决。")
                        .Set("Status", c == 2 ? CommentStatus.Rejected : CommentStatus.Approved).Set("CreatedUtc", published.AddDays(c + 1)).Set("ModeratedUtc", published.AddDays(c + 2)).Add();
                    audit.Add((published.AddDays(c + 2), convener, c == 2 ? "Comment.Rejected" : "Comment.Approved", $"Resolution {rid}", ""));
                }
            }
            // Questions asked in the hall, answered by the departments, rated at the next session.
            for (var i = 0; i < 5; i++)
            {
                var asker = members[_random.Next(members.Count)];
                var department = departments[_random.Next(departments.Count)];
                var text = $"请问{Pick(Places)}的{Pick(Objects)}{Pick(Problems)}的问题什么时候能解决？";
                var item = _item++;
                Item(streetId, item, TrackedKind.Question, text, text, at.AddMinutes(90), TrackedState.Rated, null, department.Id, asker.Id, null, publishable: true,
                    answer: $"{department.Name}已安排专人处理，预计一个月内完成。", progress: 100, reportedIn: id, due: null, convener);
                for (var r = 0; r < present; r++)
                {
                    Writer.For<FollowUpRating>().Row().Set("ItemId", item).Set("SessionId", id).Set("DelegateId", members[r].Id)
                        .Set("Grade", r % 9 == 0 ? Satisfaction.NotSatisfied : r % 3 == 0 ? Satisfaction.BasicallySatisfied : Satisfaction.Satisfied).Add();
                }
            }
            // The session's call and reminder to every delegate.
            foreach (var (kind, key, sent) in new[] { (NoticeKind.SessionCall, "session-published", at.AddDays(-14)), (NoticeKind.Reminder, "session-reminder", at.AddDays(-1)) })
            {
                foreach (var d in members)
                {
                    var notice = _notice++;
                    Writer.For<Notice>().Row().Set("Id", notice).Set("StreetId", streetId).Set("CreatedUtc", sent).Set("EventKey", $"{key}:{id}").Set("Kind", kind)
                        .Set("Link", $"/sessions/{id}").Set("Planned", false).Set("RecipientKey", $"d:{d.Id}").Set("Title", $"会议通知：{title}")
                        .Set("TextKey", "Notice.SessionPublished").Set("TextArgs", JsonSerializer.Serialize(new object[] { title })).Set("Urgent", false).Set("ReadUtc", sent.AddHours(5)).Add();
                    Writer.For<NoticeDelivery>().Row().Set("Id", _delivery++).Set("NoticeId", notice).Set("StreetId", streetId).Set("Channel", NoticeChannel.Email)
                        .Set("Address", $"d{d.Id}@example.org").Set("RecipientKey", $"d:{d.Id}").Set("Urgent", false).Set("State", DeliveryState.Sent).Set("DueUtc", sent)
                        .Set("Attempts", 1).Set("AttemptOpen", false).Set("Duplicates", 0).Set("SentUtc", sent.AddSeconds(20)).Set("Folded", 0).Add();
                }
            }
            audit.Add((at.AddHours(2), convener, "Session.Adjourned", $"Session {id}", title));
            audit.Add((at.AddDays(3), convener, "Session.MinutesPublished", $"Session {id}", title));
            return id;
        }

        private void Item(int streetId, long id, TrackedKind kind, string title, string text, DateTime created, TrackedState state, int? communityId, int? departmentId,
            int? delegateId, DateOnly? month, bool publishable, string? answer, int progress, long? reportedIn, DateOnly? due, string who)
        {
            var moves = state switch
            {
                TrackedState.Submitted => [],
                TrackedState.Accepted or TrackedState.Declined or TrackedState.Merged => new[] { state },
                TrackedState.Assigned => [TrackedState.Accepted, TrackedState.Assigned],
                TrackedState.InProgress => [TrackedState.Accepted, TrackedState.Assigned, TrackedState.InProgress],
                TrackedState.Answered => [TrackedState.Accepted, TrackedState.Assigned, TrackedState.Answered],
                TrackedState.Done => [TrackedState.Accepted, TrackedState.Assigned, TrackedState.InProgress, TrackedState.Done],
                TrackedState.Reported => [TrackedState.Accepted, TrackedState.Assigned, TrackedState.Done, TrackedState.Reported],
                _ => [TrackedState.Accepted, TrackedState.Assigned, TrackedState.Done, TrackedState.Reported, TrackedState.Rated],
            };
            var updated = created.AddDays(4 * moves.Length);
            if (updated > nowUtc)
            {
                updated = nowUtc.AddMinutes(-moves.Length);
            }
            // Each move four days after the one before (none after now); an opinion is due 15 days after it was
            // assigned (one in ten only 2, answered late), and the days of its first answer and first done kept as the app keeps them.
            var times = Enumerable.Range(0, moves.Length).Select(i => created.AddDays(4 * (i + 1)) is var at && at > nowUtc ? nowUtc.AddMinutes(i - moves.Length) : at).ToList();
            DateOnly? First(TrackedState reached) => moves.Index().Where(m => m.Item >= reached).Select(m => (DateOnly?)SessionTime.Day(times[m.Index])).FirstOrDefault();
            if (due is null && kind == TrackedKind.Opinion && Array.IndexOf(moves, TrackedState.Assigned) is var assigned and >= 0)
            {
                due = DateOnly.FromDateTime(times[assigned]).AddDays(id % 10 == 0 ? 2 : 15);
            }
            Writer.For<TrackedItem>().Row().Set("Id", id).Set("StreetId", streetId).Set("Kind", kind).Set("State", state).Set("Title", title.Length > 40 ? title[..40] : title)
                .Set("Text", text).Set("Category", kind == TrackedKind.Opinion ? (OpinionCategory)(1 + (int)(id % 7)) : null).Set("CommunityId", communityId)
                .Set("DepartmentId", state is TrackedState.Submitted or TrackedState.Accepted or TrackedState.Declined or TrackedState.Merged ? null : departmentId)
                .Set("DelegateId", delegateId).Set("Month", month).Set("CreatedUtc", created).Set("UpdatedUtc", updated).Set("Publishable", publishable)
                .Set("FromPublic", kind == TrackedKind.Opinion && id % 4 == 0).Set("Answer", answer).Set("Progress", progress).Set("ReportedInSessionId", reportedIn)
                .Set("DueOn", due).Set("FirstAnsweredOn", First(TrackedState.Answered)).Set("FirstDoneOn", First(TrackedState.Done))
                .Set("DeclineReason", state == TrackedState.Declined ? "不属于街道职责范围，已告知反映人向相关部门反映。" : null)
                .Set("ResidentName", kind == TrackedKind.Opinion ? Pick(Surnames) + "先生" : null).Set("Version", moves.Length).Add();
            Grams(streetId, SearchKind.TrackedItem, id, text, answer, null);
            var from = TrackedState.Submitted;
            Writer.For<TrackedEvent>().Row().Set("Id", _event++).Set("ItemId", id).Set("AtUtc", created).Set("Who", who).Set("From", from).Set("To", from).Add();
            for (var i = 0; i < moves.Length; i++)
            {
                Writer.For<TrackedEvent>().Row().Set("Id", _event++).Set("ItemId", id).Set("AtUtc", times[i]).Set("Who", who)
                    .Set("From", from).Set("To", moves[i]).Set("Note", moves[i] == TrackedState.Assigned ? "请尽快办理" : null).Add();
                from = moves[i];
            }
        }

        private void Opinions(int streetId, List<Community> communities, List<Department> departments, List<CongressDelegate> members,
            List<(long Id, DateTime At)> sessions, List<(DateTime, string, string, string, string)> audit, string slug)
        {
            var firstMonth = new DateOnly(nowUtc.Year - years, nowUtc.Month, 1).AddMonths(1);
            var thisMonth = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
            for (var month = firstMonth; month <= thisMonth; month = month.AddMonths(1))
            {
                var age = (thisMonth.Year - month.Year) * 12 + thisMonth.Month - month.Month;
                var reportedIn = sessions.FirstOrDefault(s => s.At > month.AddMonths(1).ToDateTime(TimeOnly.MinValue)).Id;
                foreach (var (community, c) in communities.Select((x, c) => (x, c)))
                {
                    var staff = $"staff-{slug}-{c + 1}";
                    for (var i = 0; i < 50; i++)
                    {
                        var created = month.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc).AddDays(_random.Next(28)).AddMinutes(_random.Next(600));
                        if (created > nowUtc)
                        {
                            created = nowUtc.AddHours(-_random.Next(1, 48));
                        }
                        var roll = _random.Next(100);
                        // Recent opinions are still being handled; older ones were reported back at the session after they were
                        // handled (a few are long-running work that every session's follow-up report still carries).
                        var state = age <= 2
                            ? roll < 30 ? TrackedState.Submitted : roll < 50 ? TrackedState.Accepted : roll < 75 ? TrackedState.Assigned : roll < 90 ? TrackedState.InProgress : TrackedState.Done
                            : roll < 82 ? TrackedState.Reported : roll < 92 ? TrackedState.Declined : roll < 97 ? TrackedState.Merged : TrackedState.InProgress;
                        if (state == TrackedState.InProgress && age > 2 && roll % 5 > 0)
                        {
                            state = TrackedState.Reported; // most long-running work ended too; one in five is still open
                        }
                        if (state == TrackedState.Reported && reportedIn == 0)
                        {
                            state = TrackedState.Done;
                        }
                        var obj = Pick(Objects);
                        var text = $"{community.Name}{Pick(Places)}的{obj}{Pick(Problems)}，{_random.Next(3, 60)}户居民反映，建议{Pick(Actions)}。";
                        var answered = state is TrackedState.Done or TrackedState.Reported;
                        Item(streetId, _item++, TrackedKind.Opinion, text, text, created, state, community.Id, departments[(i + c) % departments.Count].Id,
                            i % 10 == 0 ? members[(i + c) % members.Count].Id : null, month, publishable: roll % 5 != 0,
                            answer: answered ? $"已转{departments[(i + c) % departments.Count].Name}办理：{obj}已{(roll % 2 == 0 ? "修复" : "安排整改")}。" : null,
                            progress: state is TrackedState.Done or TrackedState.Reported ? 100 : 0,
                            reportedIn: state == TrackedState.Reported && reportedIn > 0 ? reportedIn : null, due: null, staff);
                    }
                    if (age >= 1)
                    {
                        var compiled = month.AddMonths(1).AddDays(4).ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
                        Writer.For<MonthCompilation>().Row().Set("CommunityId", community.Id).Set("Month", month).Set("CompiledUtc", compiled).Set("Who", staff).Add();
                    }
                }
            }
        }

        private void Reviews(int streetId, List<Officer> officers, List<Department> departments, List<List<CongressDelegate>> delegates, List<Term> terms,
            List<(long Id, DateTime At)> sessions, string convener, List<(DateTime, string, string, string, string)> audit)
        {
            for (var year = nowUtc.Year - years; year < nowUtc.Year; year++)
            {
                var session = sessions.LastOrDefault(s => s.At.Year == year);
                if (session.Id == 0)
                {
                    continue;
                }
                var round = _round++;
                var members = delegates[Math.Max(0, terms.FindIndex(t => t.Covers(DateOnly.FromDateTime(session.At))))];
                Writer.For<ReviewRound>().Row().Set("Id", round).Set("StreetId", streetId).Set("Year", year).Set("SessionId", session.Id).Set("State", ReviewState.Published)
                    .Set("ReportsDueUtc", session.At.AddDays(-10)).Set("Criteria", "履职尽责\n回应群众\n廉洁自律").Set("CommendAtOrAbove", 90.0).Set("FlagBelow", 60.0)
                    .Set("PublishedUtc", session.At.AddDays(3)).Set("Version", 1).Add();
                audit.Add((session.At.AddDays(-30), convener, "Review.Prepared", $"Review {round}", year.ToString(CultureInfo.InvariantCulture)));
                audit.Add((session.At.AddDays(3), convener, "Review.Published", $"Review {round}", year.ToString(CultureInfo.InvariantCulture)));
                for (var r = 0; r < 6; r++)
                {
                    var report = _report++;
                    var kind = r == 0 ? ReporterKind.StreetOffice : r <= 4 ? ReporterKind.Department : ReporterKind.Official;
                    Writer.For<WorkReport>().Row().Set("Id", report).Set("RoundId", round).Set("Kind", kind).Set("DepartmentId", kind == ReporterKind.Department ? departments[r - 1].Id : null)
                        .Set("OfficerId", kind == ReporterKind.Official ? officers[1].Id : kind == ReporterKind.StreetOffice ? officers[0].Id : null)
                        .Set("Title", kind == ReporterKind.Department ? departments[r - 1].Name : kind == ReporterKind.StreetOffice ? "街道办事处" : officers[1].Name).Set("Position", r + 1)
                        .Set("Text", $"## {year}年工作回顾\n\n围绕居民关心的难点问题，推进各项重点工作。").Set("KeyFigures", $"办结诉求：{_random.Next(100, 400)} 件")
                        .Set("SubmittedUtc", session.At.AddDays(-12)).Set("RatingOpen", false).Add();
                    for (var d = 0; d < members.Count; d++)
                    {
                        Writer.For<ReportRater>().Row().Set("ReportId", report).Set("DelegateId", members[d].Id).Add();
                        if (d < members.Count - 3)
                        {
                            Writer.For<ReportRating>().Row().Set("Id", Guid.NewGuid()).Set("ReportId", report).Set("Grade", d % 7 == 0 ? Grade.BasicallySatisfied : Grade.Satisfied)
                                .Set("Scores", $"{5 - d % 2},{5 - d % 3},5").Add();
                        }
                    }
                }
            }
        }

        /// <summary>The street's audit chain in time order, each entry sealed after the one before as the app seals it.</summary>
        private void Chain(int streetId, List<(DateTime At, string User, string Action, string Subject, string Details)> entries)
        {
            var previous = AuditEntry.Genesis;
            var sequence = 0L;
            foreach (var e in entries.OrderBy(e => e.At))
            {
                var entry = AuditEntry.Of(streetId, e.User, e.Action, e.Subject, e.Details, e.At);
                entry.Seal(++sequence, previous);
                previous = entry.Hash;
                Writer.For<AuditEntry>().Row().Set("Id", _audit++).Set("StreetId", streetId).Set("Sequence", sequence).Set("AtUtc", entry.AtUtc).Set("UserName", e.User)
                    .Set("Action", e.Action).Set("Subject", e.Subject).Set("Details", e.Details).Set("PreviousHash", entry.PreviousHash).Set("Hash", entry.Hash).Add();
            }
        }
    }
}
