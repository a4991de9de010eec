package graphtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"jiangxin/graph"
)

// crud describes one entity kind for the generic CRUD round trip.
type crud[T any] struct {
	kind    graph.Kind
	make    func(c *City) T // a new entity with every field set, referencing the city
	id      func(*T) string
	setID   func(*T, string)
	created func(*T) *time.Time // nil for kinds without CreatedAt
	mutate  func(c *City, v *T, now time.Time)
	invalid func(*T) // makes the entity fail validation
	create  func(graph.Store, context.Context, T) error
	get     func(graph.Store, context.Context, string) (T, error)
	getMany func(graph.Store, context.Context, []string) ([]T, error)
	update  func(graph.Store, context.Context, string, func(*T) error) (T, error)
	del     func(graph.Store, context.Context, string) error
}

func testCRUD(t *testing.T, newStore func(t *testing.T) graph.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"Region", func(t *testing.T) { runCRUD(t, newStore, regionCRUD()) }},
		{"Union", func(t *testing.T) { runCRUD(t, newStore, unionCRUD()) }},
		{"Enterprise", func(t *testing.T) { runCRUD(t, newStore, enterpriseCRUD()) }},
		{"Worker", func(t *testing.T) { runCRUD(t, newStore, workerCRUD()) }},
		{"Problem", func(t *testing.T) { runCRUD(t, newStore, problemCRUD()) }},
		{"Visit", func(t *testing.T) { runCRUD(t, newStore, visitCRUD()) }},
		{"Pairing", func(t *testing.T) { runCRUD(t, newStore, pairingCRUD()) }},
		{"Studio", func(t *testing.T) { runCRUD(t, newStore, studioCRUD()) }},
		{"Target", func(t *testing.T) { runCRUD(t, newStore, targetCRUD()) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

var errFromFn = errors.New("graphtest: fn refused")

func runCRUD[T any](t *testing.T, newStore func(t *testing.T) graph.Store, k crud[T]) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	v := k.make(c)
	id := k.id(&v)

	t.Run("GetUnknown", func(t *testing.T) {
		_, err := k.get(s, ctx, id)
		wantErr(t, err, graph.ErrNotFound)
	})
	t.Run("GetMalformed", func(t *testing.T) {
		for _, bad := range []string{"", "nope", string(k.kind) + "_notaulid", m.ID(otherKind(k.kind))} {
			_, err := k.get(s, ctx, bad)
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("get %q: error = %v, want ErrInvalid", bad, err)
			}
		}
	})
	t.Run("CreateGet", func(t *testing.T) {
		must(t, k.create(s, ctx, v))
		RequireEqual(t, v, ok(k.get(s, ctx, id))(t))
	})
	v2 := k.make(c)
	t.Run("GetMany", func(t *testing.T) {
		must(t, k.create(s, ctx, v2))
		got := ok(k.getMany(s, ctx, []string{unknownID(m, k.kind), k.id(&v2), id}))(t)
		RequireEqual(t, []T{v2, v}, got)
		got = ok(k.getMany(s, ctx, nil))(t)
		if len(got) != 0 {
			t.Fatalf("GetMany(nil) returned %d items", len(got))
		}
	})
	t.Run("CreateDuplicateID", func(t *testing.T) {
		dup := k.make(c)
		k.setID(&dup, id)
		wantErr(t, k.create(s, ctx, dup), graph.ErrConflict)
		RequireEqual(t, v, ok(k.get(s, ctx, id))(t))
	})
	t.Run("CreateInvalid", func(t *testing.T) {
		bad := k.make(c)
		k.invalid(&bad)
		wantErr(t, k.create(s, ctx, bad), graph.ErrInvalid)
		_, err := k.get(s, ctx, k.id(&bad))
		must(t, absent(err))
	})

	want := v
	now := m.Now()
	k.mutate(c, &want, now)
	t.Run("Update", func(t *testing.T) {
		got, err := k.update(s, ctx, id, func(p *T) error {
			k.mutate(c, p, now)
			return nil
		})
		must(t, err)
		RequireEqual(t, want, got)
		RequireEqual(t, want, ok(k.get(s, ctx, id))(t))
	})
	unchanged := func(t *testing.T) {
		t.Helper()
		RequireEqual(t, want, ok(k.get(s, ctx, id))(t))
	}
	t.Run("UpdateFnError", func(t *testing.T) {
		_, err := k.update(s, ctx, id, func(p *T) error {
			k.invalid(p)
			return errFromFn
		})
		if !errors.Is(err, errFromFn) {
			t.Fatalf("error = %v, want the fn's error", err)
		}
		unchanged(t)
	})
	t.Run("UpdateChangesID", func(t *testing.T) {
		newID := m.ID(k.kind)
		_, err := k.update(s, ctx, id, func(p *T) error {
			k.setID(p, newID)
			return nil
		})
		wantErr(t, err, graph.ErrInvalid)
		unchanged(t)
		_, err = k.get(s, ctx, newID)
		must(t, absent(err))
	})
	if k.created != nil {
		t.Run("UpdateChangesCreatedAt", func(t *testing.T) {
			_, err := k.update(s, ctx, id, func(p *T) error {
				*k.created(p) = k.created(p).Add(-time.Hour)
				return nil
			})
			wantErr(t, err, graph.ErrInvalid)
			unchanged(t)
		})
	}
	t.Run("UpdateInvalid", func(t *testing.T) {
		_, err := k.update(s, ctx, id, func(p *T) error {
			k.invalid(p)
			return nil
		})
		wantErr(t, err, graph.ErrInvalid)
		unchanged(t)
	})
	t.Run("UpdateUnknown", func(t *testing.T) {
		_, err := k.update(s, ctx, unknownID(m, k.kind), func(*T) error { return nil })
		wantErr(t, err, graph.ErrNotFound)
		_, err = k.update(s, ctx, "nope", func(*T) error { return nil })
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("Delete", func(t *testing.T) {
		must(t, k.del(s, ctx, id))
		_, err := k.get(s, ctx, id)
		wantErr(t, err, graph.ErrNotFound)
		wantErr(t, k.del(s, ctx, id), graph.ErrNotFound)
		wantErr(t, k.del(s, ctx, "nope"), graph.ErrInvalid)
		RequireEqual(t, []T{v2}, ok(k.getMany(s, ctx, []string{id, k.id(&v2)}))(t))
	})
	t.Run("RecreateAfterDelete", func(t *testing.T) {
		must(t, k.create(s, ctx, v))
		RequireEqual(t, v, ok(k.get(s, ctx, id))(t))
	})
}

func otherKind(k graph.Kind) graph.Kind {
	if k == graph.KindWorker {
		return graph.KindRegion
	}
	return graph.KindWorker
}

func regionCRUD() crud[graph.Region] {
	return crud[graph.Region]{
		kind: graph.KindRegion,
		make: func(c *City) graph.Region {
			return c.Maker.Region("东丰县", graph.RegionDistrict, c.Liaoyuan.ID, func(r *graph.Region) { r.Code = "220421" })
		},
		id:    func(r *graph.Region) string { return r.ID },
		setID: func(r *graph.Region, id string) { r.ID = id },
		mutate: func(c *City, r *graph.Region, _ time.Time) {
			r.Name, r.Code, r.Kind, r.ParentID = "东丰县城关镇", "220421100", graph.RegionTown, c.Longshan.ID
		},
		invalid: func(r *graph.Region) { r.Name = " " },
		create:  graph.Store.CreateRegion, get: graph.Store.GetRegion, getMany: graph.Store.GetManyRegions,
		update: graph.Store.UpdateRegion, del: graph.Store.DeleteRegion,
	}
}

func unionCRUD() crud[graph.Union] {
	return crud[graph.Union]{
		kind: graph.KindUnion,
		make: func(c *City) graph.Union {
			return c.Maker.Union("辽源袜业工会", graph.TierEnterprise, c.XianUnion.ID, func(u *graph.Union) {
				u.RegionID, u.EnterpriseID = c.Xian.ID, c.Textile.ID
			})
		},
		id:      func(u *graph.Union) string { return u.ID },
		setID:   func(u *graph.Union, id string) { u.ID = id },
		created: func(u *graph.Union) *time.Time { return &u.CreatedAt },
		mutate: func(c *City, u *graph.Union, now time.Time) {
			u.Name, u.Tier, u.ParentID, u.RegionID, u.EnterpriseID = "向阳街道第二工会", graph.TierTown, c.LongshanUnion.ID, c.Xiangyang.ID, ""
			u.UpdatedAt = now
		},
		invalid: func(u *graph.Union) { u.Tier = "GALACTIC" },
		create:  graph.Store.CreateUnion, get: graph.Store.GetUnion, getMany: graph.Store.GetManyUnions,
		update: graph.Store.UpdateUnion, del: graph.Store.DeleteUnion,
	}
}

func enterpriseCRUD() crud[graph.Enterprise] {
	return crud[graph.Enterprise]{
		kind: graph.KindEnterprise,
		make: func(c *City) graph.Enterprise {
			return c.Maker.Enterprise("辽源钛业有限公司", c.Longshan.ID, func(e *graph.Enterprise) {
				e.Industry, e.Ownership, e.UnionID = "有色金属", graph.OwnershipMixed, c.LongshanUnion.ID
			})
		},
		id:      func(e *graph.Enterprise) string { return e.ID },
		setID:   func(e *graph.Enterprise, id string) { e.ID = id },
		created: func(e *graph.Enterprise) *time.Time { return &e.CreatedAt },
		mutate: func(c *City, e *graph.Enterprise, now time.Time) {
			e.Name, e.CreditCode, e.Industry = "西安钛业股份有限公司", "91220403MA0000001X", "钛材加工"
			e.Ownership, e.RegionID, e.UnionID, e.UpdatedAt = graph.OwnershipState, c.Xian.ID, c.XianUnion.ID, now
		},
		invalid: func(e *graph.Enterprise) { e.CreditCode = "not-a-credit-code" },
		create:  graph.Store.CreateEnterprise, get: graph.Store.GetEnterprise, getMany: graph.Store.GetManyEnterprises,
		update: graph.Store.UpdateEnterprise, del: graph.Store.DeleteEnterprise,
	}
}

func workerCRUD() crud[graph.Worker] {
	return crud[graph.Worker]{
		kind: graph.KindWorker,
		make: func(c *City) graph.Worker {
			m := c.Maker
			return m.Worker("孙钳", c.Longshan.ID, func(w *graph.Worker) {
				w.Gender, w.BirthYear, w.EnterpriseID = graph.GenderFemale, 1979, c.Heavy.ID
				w.EmployeeNo = fmt.Sprintf("H-%d", m.Seq())
				w.Roles = []graph.Role{graph.RoleCraftsman, graph.RoleModelWorker}
				w.Skills = []graph.WorkerSkill{
					{Code: SkillTurner, Level: graph.LevelTechnician, Certified: 2010, Primary: true},
					{Code: SkillMiller, Level: graph.LevelSenior, Certified: 2008},
					{Code: SkillCNC},
				}
				w.Honours = []graph.Honour{m.Honour("五一劳动奖章", graph.TierNational, 2019), m.Honour("辽源工匠", graph.TierCity, 2021)}
				w.MentorCapacity, w.AcceptingMentees, w.Bio = 5, true, "车铣复合加工能手。\n带徒二十余人。"
			})
		},
		id:      func(w *graph.Worker) string { return w.ID },
		setID:   func(w *graph.Worker, id string) { w.ID = id },
		created: func(w *graph.Worker) *time.Time { return &w.CreatedAt },
		mutate: func(c *City, w *graph.Worker, now time.Time) {
			w.Name, w.Gender, w.BirthYear, w.RegionID = "孙钳（调入）", graph.GenderUnspecified, 1980, c.Xiangyang.ID
			w.EnterpriseID, w.EmployeeNo = c.Valve.ID, "V-777"
			w.Roles = []graph.Role{graph.RoleApprentice}
			w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelJunior, Primary: true}}
			w.Honours = []graph.Honour{{ID: "hon_01JD3V7Q6Y9K8Z2M4N5P6R7S8T", Title: "技能大赛状元", Tier: graph.TierEnterprise, Year: 2024}}
			w.MentorCapacity, w.AcceptingMentees, w.Bio, w.UpdatedAt = 0, false, "", now
		},
		invalid: func(w *graph.Worker) { w.MentorCapacity = graph.MaxMentorCapacity + 1 },
		create:  graph.Store.CreateWorker, get: graph.Store.GetWorker, getMany: graph.Store.GetManyWorkers,
		update: graph.Store.UpdateWorker, del: graph.Store.DeleteWorker,
	}
}

func problemCRUD() crud[graph.Problem] {
	return crud[graph.Problem]{
		kind: graph.KindProblem,
		make: func(c *City) graph.Problem {
			return c.Maker.Problem("钛合金焊缝开裂", c.Heavy.ID, func(p *graph.Problem) {
				p.Description, p.Industry, p.Urgency = "焊后出现冷裂纹。", "有色金属", graph.UrgencyHigh
				p.Skills = []graph.RequiredSkill{{Code: SkillWelder, MinLevel: graph.LevelTechnician}, {Code: SkillElectrician}}
				p.Status, p.SolverIDs = graph.ProblemMatched, []string{c.Elec.ID}
			})
		},
		id:      func(p *graph.Problem) string { return p.ID },
		setID:   func(p *graph.Problem, id string) { p.ID = id },
		created: func(p *graph.Problem) *time.Time { return &p.CreatedAt },
		mutate: func(c *City, p *graph.Problem, now time.Time) {
			p.Title, p.Description, p.EnterpriseID, p.Industry = "钛合金焊缝开裂（复查）", "", c.Valve.ID, "装备制造"
			p.Skills = []graph.RequiredSkill{{Code: SkillCNC, MinLevel: graph.LevelJunior}}
			p.Urgency, p.Status, p.Outcome = graph.UrgencyLow, graph.ProblemSolved, "预热后焊接"
			p.SolverIDs, p.UpdatedAt = []string{c.Master.ID, c.CNC.ID}, now
		},
		invalid: func(p *graph.Problem) { p.Status = "WHATEVER" },
		create:  graph.Store.CreateProblem, get: graph.Store.GetProblem, getMany: graph.Store.GetManyProblems,
		update: graph.Store.UpdateProblem, del: graph.Store.DeleteProblem,
	}
}

func visitCRUD() crud[graph.Visit] {
	return crud[graph.Visit]{
		kind: graph.KindVisit,
		make: func(c *City) graph.Visit {
			return c.Maker.Visit(c.Valve.ID, "2026-05-01", func(v *graph.Visit) {
				v.ProblemIDs, v.ExpertIDs = []string{c.Precision.ID, c.Leak.ID}, []string{c.CNC.ID, c.Shangha.ID}
				v.Status = graph.VisitDone
				v.Outcomes = []graph.ProblemOutcome{{ProblemID: c.Precision.ID, Result: graph.OutcomePartly, Notes: "更换刀具"}}
				v.Rating, v.RatingComment = 4, "有帮助"
			})
		},
		id:      func(v *graph.Visit) string { return v.ID },
		setID:   func(v *graph.Visit, id string) { v.ID = id },
		created: func(v *graph.Visit) *time.Time { return &v.CreatedAt },
		mutate: func(c *City, v *graph.Visit, now time.Time) {
			v.EnterpriseID, v.ProblemIDs, v.ExpertIDs = c.Textile.ID, []string{c.Fault.ID}, []string{c.Elec.ID}
			v.Date, v.Status, v.Rating, v.RatingComment = "2026-06-01", graph.VisitCancelled, 0, ""
			v.Outcomes = []graph.ProblemOutcome{{ProblemID: c.Fault.ID, Result: graph.OutcomeUnsolved}}
			v.UpdatedAt = now
		},
		invalid: func(v *graph.Visit) { v.Rating = 9 },
		create:  graph.Store.CreateVisit, get: graph.Store.GetVisit, getMany: graph.Store.GetManyVisits,
		update: graph.Store.UpdateVisit, del: graph.Store.DeleteVisit,
	}
}

func pairingCRUD() crud[graph.Pairing] {
	return crud[graph.Pairing]{
		kind: graph.KindPairing,
		make: func(c *City) graph.Pairing {
			m := c.Maker
			return m.Pairing(c.Elec.ID, c.App3.ID, graph.PairingActive, func(p *graph.Pairing) {
				p.UnionID, p.Campaign, p.Score = c.XianUnion.ID, Campaign2026, 0.6180339887498949
				p.Agreement = graph.Agreement{SignedOn: "2026-02-01", SkillCode: SkillElectrician, TargetLevel: graph.LevelIntermediate,
					Deadline: "2027-02-01", Goal: "一年内取得电工中级工证书", ReviewCadenceDays: 14}
				p.Reviews = []graph.Review{
					m.Review("2026-02-15", "熟悉配电柜", c.Elec.ID, graph.LevelNone),
					m.Review("2026-03-01", "通过初级工考核", c.Elec.ID, graph.LevelJunior),
				}
			})
		},
		id:      func(p *graph.Pairing) string { return p.ID },
		setID:   func(p *graph.Pairing, id string) { p.ID = id },
		created: func(p *graph.Pairing) *time.Time { return &p.CreatedAt },
		mutate: func(c *City, p *graph.Pairing, now time.Time) {
			p.MentorID, p.ApprenticeID, p.UnionID, p.Campaign = c.Master.ID, c.App3.ID, c.CityUnion.ID, "2027师带徒"
			p.Agreement.TargetLevel, p.Agreement.Goal = graph.LevelSenior, "取得电工高级工证书"
			p.Reviews = append(slices.Clone(p.Reviews), graph.Review{ID: "rev_01JD3V7Q6Y9K8Z2M4N5P6R7S8T", Date: "2026-04-01",
				Note: "阶段考核优秀", LevelReached: graph.LevelIntermediate, AuthorID: c.Master.ID, CreatedAt: now})
			p.Status, p.Score, p.Award, p.TerminationReason = graph.PairingTerminated, 0, "", "徒弟调岗"
			p.UpdatedAt = now
		},
		invalid: func(p *graph.Pairing) { p.ApprenticeID = p.MentorID },
		create:  graph.Store.CreatePairing, get: graph.Store.GetPairing, getMany: graph.Store.GetManyPairings,
		update: graph.Store.UpdatePairing, del: graph.Store.DeletePairing,
	}
}

func studioCRUD() crud[graph.Studio] {
	return crud[graph.Studio]{
		kind: graph.KindStudio,
		make: func(c *City) graph.Studio {
			return c.Maker.Studio("赵电工匠创新工作室", c.Elec.ID, c.Textile.ID, func(s *graph.Studio) {
				s.Kind, s.Tier = graph.StudioCraftsman, graph.TierDistrict
				s.MemberIDs, s.SpecialtyCodes = []string{c.App3.ID, c.Master.ID}, []string{SkillElectrician}
				s.Achievements = []graph.Achievement{{Kind: graph.AchievementEconomicBenefitCNY, Title: "节能改造", Year: 2025, Count: 1200000}}
				s.EstablishedYear, s.Description = 2020, "电气节能改造"
			})
		},
		id:      func(s *graph.Studio) string { return s.ID },
		setID:   func(s *graph.Studio, id string) { s.ID = id },
		created: func(s *graph.Studio) *time.Time { return &s.CreatedAt },
		mutate: func(c *City, s *graph.Studio, now time.Time) {
			s.Name, s.Kind, s.Tier = "辽源电气技能大师工作室", graph.StudioSkillMaster, graph.TierCity
			s.LeaderID, s.HostEnterpriseID = c.Master.ID, c.Heavy.ID
			s.MemberIDs, s.SpecialtyCodes = []string{c.App1.ID}, []string{SkillWelder, SkillElectrician}
			s.Achievements = nil
			s.EstablishedYear, s.Description, s.UpdatedAt = 2021, "", now
		},
		invalid: func(s *graph.Studio) { s.Kind = "BAKERY" },
		create:  graph.Store.CreateStudio, get: graph.Store.GetStudio, getMany: graph.Store.GetManyStudios,
		update: graph.Store.UpdateStudio, del: graph.Store.DeleteStudio,
	}
}

func targetCRUD() crud[graph.Target] {
	return crud[graph.Target]{
		kind: graph.KindTarget,
		make: func(c *City) graph.Target {
			return c.Maker.Target(c.XianUnion.ID, graph.TargetProblemsSolved, 38, func(t *graph.Target) {
				t.Campaign, t.StartDate, t.EndDate = "大国工匠进企业", "2026-03-01", "2026-11-30"
			})
		},
		id:      func(t *graph.Target) string { return t.ID },
		setID:   func(t *graph.Target, id string) { t.ID = id },
		created: func(t *graph.Target) *time.Time { return &t.CreatedAt },
		mutate: func(c *City, t *graph.Target, now time.Time) {
			t.UnionID, t.Kind, t.Period, t.Campaign = c.CityUnion.ID, graph.TargetPairsCompleted, "2026-H2", ""
			t.Number, t.StartDate, t.EndDate, t.UpdatedAt = 92, "2026-07-01", "", now
		},
		invalid: func(t *graph.Target) { t.Number = 0 },
		create:  graph.Store.CreateTarget, get: graph.Store.GetTarget, getMany: graph.Store.GetManyTargets,
		update: graph.Store.UpdateTarget, del: graph.Store.DeleteTarget,
	}
}
