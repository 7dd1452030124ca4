namespace CongressHub.Domain.Councils;

/// <summary>The three meetings of a community residents' council (居民议事会), in the order a topic usually meets them.</summary>
public enum CouncilMeetingKind
{
    /// <summary>群众意见收集会: residents' views on a topic are gathered.</summary>
    OpinionCollection = 1,

    /// <summary>议题讨论会: the council discusses the topic and shapes a proposal.</summary>
    TopicDiscussion = 2,

    /// <summary>议事决策会: the council decides, by show of hands or phones.</summary>
    Decision = 3,
}
