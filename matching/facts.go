package matching

import (
	"fmt"

	"jiangxin/graph"
)

// Facts are what the caller knows beyond the workers themselves, filled from the Store:
// skill parents (graph.Skill.ParentCode) and names, region ancestor paths, enterprises'
// regions and industries, open mentee counts (Store.OpenMentees), mentors' track records and
// apprentices' goals. Missing entries mean "unknown" and score 0 in the part concerned.
type Facts struct {
	SkillParent map[string]string          // occupation code → parent category code
	SkillName   map[string]string          // occupation code → display name, for details
	RegionPath  map[string][]string        // region ID → IDs from the root (province) down to it
	Enterprises map[string]EnterpriseFacts // enterprise ID → region and industry
	OpenMentees map[string]int             // mentor ID → pairings in an open status
	Records     map[string]TrackRecord     // mentor ID → track record
	Goals       map[string]Goal            // apprentice ID → goal (else GoalOf)
}

// EnterpriseFacts is where an enterprise is and what industry it is in.
type EnterpriseFacts struct {
	RegionID string
	Industry string
}

// TrackRecord is a mentor's history: completed pairings and mentees who went up a level.
type TrackRecord struct {
	Completed int
	Promoted  int
}

// Goal is what an apprentice trains for: Level in the trade SkillCode.
type Goal struct {
	SkillCode string
	Level     graph.Level
}

// GoalOf returns the default goal of an apprentice: one level above their current level in
// their primary trade (else their first trade); 初级工 when uncertified. It reports false for a
// worker without trades, and for one already at 高级技师 (no level above).
func GoalOf(w graph.Worker) (Goal, bool) {
	if len(w.Skills) == 0 {
		return Goal{}, false
	}
	s := w.Skills[0]
	for _, x := range w.Skills {
		if x.Primary {
			s = x
			break
		}
	}
	if !s.Level.Valid() {
		return Goal{SkillCode: s.Code, Level: graph.LevelJunior}, true
	}
	if s.Level == graph.LevelSeniorTechnician {
		return Goal{}, false
	}
	return Goal{SkillCode: s.Code, Level: s.Level - 1}, true
}

// goal returns the apprentice's goal from the facts or GoalOf.
func (f *Facts) goal(w *graph.Worker) (Goal, bool) {
	if f != nil {
		if g, ok := f.Goals[w.ID]; ok {
			return g, true
		}
	}
	return GoalOf(*w)
}

// Location is where a person or an enterprise is: the enterprise (optional) and the region's
// ancestor path from the root down, e.g. [上海市, 上海市辖区, 浦东新区, 张江镇] as region IDs.
type Location struct {
	EnterpriseID string
	RegionPath   []string
}

// Locate returns a worker's location: their employer and the path of their region.
func (f *Facts) Locate(w *graph.Worker) Location {
	loc := Location{EnterpriseID: w.EnterpriseID}
	if f != nil {
		loc.RegionPath = f.RegionPath[w.RegionID]
	}
	if loc.RegionPath == nil && w.RegionID != "" {
		loc.RegionPath = []string{w.RegionID}
	}
	return loc
}

// LocateEnterprise returns an enterprise's location.
func (f *Facts) LocateEnterprise(id string) Location {
	loc := Location{EnterpriseID: id}
	if f != nil {
		if e, ok := f.Enterprises[id]; ok {
			loc.RegionPath = f.RegionPath[e.RegionID]
			if loc.RegionPath == nil && e.RegionID != "" {
				loc.RegionPath = []string{e.RegionID}
			}
		}
	}
	return loc
}

// industry returns the industry of a worker's employer.
func (f *Facts) industry(w *graph.Worker) string {
	if f == nil || w.EnterpriseID == "" {
		return ""
	}
	return f.Enterprises[w.EnterpriseID].Industry
}

func (f *Facts) parent(code string) string {
	if f == nil {
		return ""
	}
	return f.SkillParent[code]
}

// proximityLevel names how close two locations are: 5 same enterprise, 4 same town (or
// deeper), 3 district, 2 city, 1 province, 0 none.
func proximityLevel(a, b Location) int {
	if a.EnterpriseID != "" && a.EnterpriseID == b.EnterpriseID {
		return 5
	}
	k := 0
	for k < len(a.RegionPath) && k < len(b.RegionPath) && a.RegionPath[k] == b.RegionPath[k] {
		k++
	}
	return min(k, 4)
}

var proximityNames = [6]string{"different province or unknown", "same province", "same city", "same district", "same town", "same enterprise"}

func (s *Scales) proximityValue(level int) float64 {
	switch level {
	case 5:
		return s.Proximity.SameEnterprise
	case 4:
		return s.Proximity.SameTown
	case 3:
		return s.Proximity.SameDistrict
	case 2:
		return s.Proximity.SameCity
	case 1:
		return s.Proximity.SameProvince
	}
	return 0
}

// proximityPart scores two locations.
func (s *Scales) proximityPart(w float64, a, b Location) Part {
	l := proximityLevel(a, b)
	v := s.proximityValue(l)
	return Part{Name: "proximity", Value: v, Weight: w, Detail: fmt.Sprintf("%s (%g)", proximityNames[l], v)}
}

// honourValue returns the value of the worker's best honour and a label for it.
func (s *Scales) honourValue(w *graph.Worker) (float64, string) {
	best, label := 0.0, "no honours"
	for _, h := range w.Honours {
		if v := s.TierValue[h.Tier.Rank()]; v > best {
			best = v
			label = fmt.Sprintf("%s (%s)", h.Title, h.Tier)
		}
	}
	if len(w.Honours) > 1 {
		label += fmt.Sprintf(", %d honours", len(w.Honours))
	}
	return best, label
}

func bestTierRank(w *graph.Worker) int {
	r := 0
	for _, h := range w.Honours {
		r = max(r, h.Tier.Rank())
	}
	return r
}
