using CongressHub.Domain.Common;
using CongressHub.Domain.Councils;
using CongressHub.Domain.Voting;

namespace CongressHub.Domain.Directory;

/// <summary>
/// A voting body: a term (届) of the street residents' congress, whose delegates belong to it, or a community's
/// residents' council (<see cref="VotingBody.Council"/>), whose members are kept the same way.
/// </summary>
public sealed class Term
{
    private Term() { }

    public int Id { get; private set; }

    public int StreetId { get; private set; }

    /// <summary>The ordinal of the term: 3 for 第三届.</summary>
    public int Number { get; private set; }

    public DateOnly StartsOn { get; private set; }

    public DateOnly EndsOn { get; private set; }

    /// <summary>Resident representatives each community should send, at least (default 4).</summary>
    public int MinResidentRepsPerCommunity { get; private set; } = 4;

    /// <summary>Resident representatives each community may send, at most (default 5).</summary>
    public int MaxResidentRepsPerCommunity { get; private set; } = 5;

    public const int DefaultCosignersNeeded = 5;

    /// <summary>Delegates besides the sponsor who must co-sign a motion before the convener may admit it (default 5).</summary>
    public int CosignersNeeded { get; private set; } = DefaultCosignersNeeded;

    public VotingBody Body { get; private set; }

    /// <summary>The community whose council this is; null for a congress term.</summary>
    public int? CommunityId { get; private set; }

    /// <summary>A council's quorum; a congress term always needs more than half.</summary>
    public QuorumRule QuorumRule { get; private set; }

    /// <summary>The rule a council's votes are put with unless the meeting chooses another.</summary>
    public MajorityRule DefaultMajority { get; private set; } = MajorityRule.HalfOfPresent;

    /// <summary>The council member who signs off its minutes: the community secretary.</summary>
    public int? SecretaryMemberId { get; private set; }

    public bool IsCouncil => Body == VotingBody.Council;

    public bool IsCommittee => Body == VotingBody.Committee;

    /// <summary>
    /// The voting body of the self-governance committee the congress elected for <paramref name="congressTerm"/>: it
    /// sits as long as that term, decides by more than half of all its members, and its chair signs its minutes off.
    /// </summary>
    public static Term CreateCommittee(int streetId, Term congressTerm) =>
        new()
        {
            StreetId = streetId,
            CommunityId = null,
            Body = VotingBody.Committee,
            Number = congressTerm.Number,
            StartsOn = congressTerm.StartsOn,
            EndsOn = congressTerm.EndsOn,
            QuorumRule = QuorumRule.MoreThanHalf,
            DefaultMajority = MajorityRule.HalfOfAll,
            MinResidentRepsPerCommunity = 0,
            MaxResidentRepsPerCommunity = 50,
            CosignersNeeded = 0,
        };

    /// <summary>The committee member who signs off its minutes: its chair.</summary>
    internal void SetCommitteeSecretary(int? memberId)
    {
        if (!IsCommittee)
        {
            throw DomainException.Because("Committee.NotCommittee");
        }
        SecretaryMemberId = memberId;
    }

    /// <summary>A community's council: it sits for as long as the community has it, numbered 1.</summary>
    public static Term CreateCouncil(int streetId, int communityId, DateOnly today) =>
        new()
        {
            StreetId = streetId,
            CommunityId = communityId,
            Body = VotingBody.Council,
            Number = 1,
            StartsOn = today,
            EndsOn = new DateOnly(2099, 12, 31),
            MinResidentRepsPerCommunity = 0,
            MaxResidentRepsPerCommunity = 50,
            CosignersNeeded = 0,
        };

    public void SetCouncilRules(QuorumRule quorum, MajorityRule majority, int? secretaryMemberId)
    {
        if (!IsCouncil)
        {
            throw DomainException.Because("Council.NotCouncil");
        }
        new Validator()
            .Check(Enum.IsDefined(quorum), nameof(QuorumRule), "Validation.UnknownQuorumRule")
            .Check(Enum.IsDefined(majority), nameof(DefaultMajority), "Validation.UnknownMajority", string.Join(", ", Majority.ApiNames))
            .ThrowIfInvalid();
        QuorumRule = quorum;
        DefaultMajority = majority;
        SecretaryMemberId = secretaryMemberId;
    }

    public static Term Create(int streetId, TermInput input)
    {
        input.Validate();
        var term = new Term { StreetId = streetId };
        term.Apply(input);
        return term;
    }

    public void Update(TermInput input)
    {
        input.Validate();
        Apply(input);
    }

    public bool Covers(DateOnly day) => StartsOn <= day && day <= EndsOn;

    public QuotaStatus QuotaFor(int residentReps) =>
        residentReps < MinResidentRepsPerCommunity ? QuotaStatus.Under
        : residentReps > MaxResidentRepsPerCommunity ? QuotaStatus.Over
        : QuotaStatus.Within;

    private void Apply(TermInput input)
    {
        Number = input.Number;
        StartsOn = input.StartsOn;
        EndsOn = input.EndsOn;
        MinResidentRepsPerCommunity = input.MinResidentRepsPerCommunity;
        MaxResidentRepsPerCommunity = input.MaxResidentRepsPerCommunity;
        CosignersNeeded = input.CosignersNeeded;
    }
}

public enum QuotaStatus
{
    Under,
    Within,
    Over,
}

public sealed record TermInput(
    int Number,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int MinResidentRepsPerCommunity = 4,
    int MaxResidentRepsPerCommunity = 5,
    int CosignersNeeded = Term.DefaultCosignersNeeded)
{
    public void Validate() =>
        new Validator()
            .Check(Number is >= 1 and <= 99, nameof(Number), "Validation.Range", DomainText.Get("Field.TermNumber"), 1, 99)
            .Check(EndsOn > StartsOn, nameof(EndsOn), "Validation.TermEndsBeforeStart")
            .Check(MinResidentRepsPerCommunity is >= 0 and <= 50, nameof(MinResidentRepsPerCommunity), "Validation.Range", DomainText.Get("Field.MinReps"), 0, 50)
            .Check(CosignersNeeded is >= 0 and <= 100, nameof(CosignersNeeded), "Validation.Range", DomainText.Get("Field.CosignersNeeded"), 0, 100)
            .Check(MaxResidentRepsPerCommunity >= MinResidentRepsPerCommunity && MaxResidentRepsPerCommunity <= 50,
                nameof(MaxResidentRepsPerCommunity), "Validation.QuotaMaxBelowMin")
            .ThrowIfInvalid();
}
