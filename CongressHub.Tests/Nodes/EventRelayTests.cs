using CongressHub.Domain.Common;
using CongressHub.Web.Realtime;

namespace CongressHub.Tests.Nodes;

public class EventRelayTests
{
    public static TheoryData<string> EventTypes() =>
        new(typeof(CongressEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CongressEvent)) && !t.IsAbstract).Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void EveryEventType_CrossesToOtherNodes_Unchanged(string typeName)
    {
        var type = typeof(CongressEvent).Assembly.GetType(typeName)!;
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var sample = (CongressEvent)constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType)).ToArray());

        var (node, received) = RedisEventRelay.Deserialize(RedisEventRelay.Serialize("node-a", sample));

        Assert.Equal("node-a", node);
        Assert.Equal(sample, received);
    }

    [Fact]
    public void AnEventOfATypeThisNodeDoesNotKnow_IsReportedAsUnknown_NotMistaken()
    {
        var message = RedisEventRelay.Serialize("node-a", new SessionChanged(1, 2)).Replace(typeof(SessionChanged).FullName!, "CongressHub.Domain.Common.SomethingNew");

        var (_, received) = RedisEventRelay.Deserialize(message);

        Assert.Null(received);
    }

    private static object? Sample(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Sample(inner)
        : type == typeof(int) ? 7
        : type == typeof(long) ? 7L
        : type == typeof(bool) ? true
        : type == typeof(string) ? "sample"
        : type == typeof(Guid) ? Guid.Parse("5f0c1a44-8a8e-4f7c-9a53-0b6f5f2f3b11")
        : type == typeof(DateTime) ? new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc)
        : type.IsEnum ? Enum.GetValues(type).GetValue(0)
        : throw new InvalidOperationException($"Give EventRelayTests a sample {type.Name}.");
}
