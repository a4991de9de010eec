package matching

import "jiangxin/graph"

// Weights configures every scorer: the weight of each named part and the scales that turn raw
// facts into part values in [0, 1]. Start from DefaultWeights and override fields.
type Weights struct {
	Mentor MentorWeights
	Expert ExpertWeights
	Studio StudioWeights
	Peer   PeerWeights
	Scales Scales
}

// MentorWeights weighs the parts of a mentor–apprentice score.
type MentorWeights struct {
	SkillFit    float64 // skill_fit: same trade 1, related trade Scales.RelatedTrade
	LevelGap    float64 // level_gap: mentor's level above the goal, saturating at Scales.LevelGapFull
	Honours     float64 // honours: best honour by tier (Scales.TierValue)
	Proximity   float64 // proximity: same enterprise > town > district > city > province
	Industry    float64 // industry: same industry of employer 1, else 0
	Capacity    float64 // capacity: free slots / capacity
	TrackRecord float64 // track_record: completed pairings and promoted mentees
}

// ExpertWeights weighs the parts of an expert–problem score.
type ExpertWeights struct {
	Relevance    float64 // relevance: text relevance from the search engine, 0..1
	Coverage     float64 // coverage: share of required skills held at the required level
	SolvedBefore float64 // solved_before: past solved problems sharing skills
	Honours      float64 // honours: best honour by tier
	Proximity    float64 // proximity to the problem's enterprise
	Availability float64 // availability: 0..1 from the caller (0 excludes)
}

// StudioWeights weighs the parts of a studio–problem score.
type StudioWeights struct {
	Specialty    float64 // specialty: share of required skills among the studio's specialties
	Members      float64 // members: share of required skills a member holds at the required level
	Achievements float64 // achievements: weighted patents, innovations and awards, saturating
	Tier         float64 // tier: the studio's level
	Proximity    float64 // proximity of the host enterprise to the problem's enterprise
}

// PeerWeights weighs the parts of a craftsman–craftsman peer score.
type PeerWeights struct {
	Skills    float64 // skills: symmetric same/related trade overlap
	Industry  float64 // industry: same industry
	TierSpan  float64 // tier_span: both honoured, one or two tiers apart (上海工匠 ↔ 浦东工匠) best
	Proximity float64 // proximity
}

// Scales turns raw facts into part values.
type Scales struct {
	RelatedTrade    float64                           // value of a related trade (same ParentCode) against a same trade (1)
	LevelGapFull    int                               // level gap (in ranks) that earns the full level_gap value
	Proximity       Proximity                         // value of each proximity level
	TierValue       [7]float64                        // honour/studio value indexed by graph.Tier.Rank() (0 none … 6 national)
	TrackRecordFull float64                           // completed + PromotedWeight×promoted that earns a full track_record
	PromotedWeight  float64                           // how much more a promoted mentee counts than a completed pairing
	SolvedFull      int                               // past solved problems that earn a full solved_before
	AchievementFull float64                           // weighted achievements that earn a full achievements value
	Achievement     map[graph.AchievementKind]float64 // weight per achievement kind (training and money count 0 unless set)
}

// Proximity holds the value of each proximity level; the region levels follow the region path
// depth (province, city, district, town).
type Proximity struct {
	SameEnterprise, SameTown, SameDistrict, SameCity, SameProvince float64
}

// DefaultWeights returns the documented defaults: skill fit dominates a mentor match (weight 3),
// then proximity (1.5), level gap, honours and track record (1 each), industry and free
// capacity (0.5 each); for experts, text relevance and coverage (2 each) lead. Related trades
// count half, a level gap of two ranks is full, proximity is 1 / 0.7 / 0.5 / 0.3 / 0.1 for the
// same enterprise / town / district / city / province, and honour tiers are worth national 1,
// provincial 0.85, city 0.7, district 0.5, town 0.3, enterprise 0.2.
func DefaultWeights() Weights {
	return Weights{
		Mentor: MentorWeights{SkillFit: 3, LevelGap: 1, Honours: 1, Proximity: 1.5, Industry: 0.5, Capacity: 0.5, TrackRecord: 1},
		Expert: ExpertWeights{Relevance: 2, Coverage: 2, SolvedBefore: 1, Honours: 1, Proximity: 0.5, Availability: 0.5},
		Studio: StudioWeights{Specialty: 2, Members: 2, Achievements: 1, Tier: 0.5, Proximity: 0.5},
		Peer:   PeerWeights{Skills: 3, Industry: 1, TierSpan: 1, Proximity: 0.5},
		Scales: Scales{
			RelatedTrade:    0.5,
			LevelGapFull:    2,
			Proximity:       Proximity{SameEnterprise: 1, SameTown: 0.7, SameDistrict: 0.5, SameCity: 0.3, SameProvince: 0.1},
			TierValue:       [7]float64{0, 0.2, 0.3, 0.5, 0.7, 0.85, 1},
			TrackRecordFull: 10,
			PromotedWeight:  2,
			SolvedFull:      5,
			AchievementFull: 30,
			Achievement: map[graph.AchievementKind]float64{
				graph.AchievementInventionPatent: 2, graph.AchievementUtilityModel: 1,
				graph.AchievementInnovation: 1, graph.AchievementAward: 1,
			},
		},
	}
}
