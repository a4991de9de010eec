package graphtest

import (
	"context"
	"slices"
	"testing"

	"jiangxin/graph"
)

func testSkills(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s := t.Context(), newStore(t)
	all := Skills()
	t.Run("UpsertGet", func(t *testing.T) {
		must(t, s.UpsertSkills(ctx, all))
		for _, sk := range all {
			RequireEqual(t, sk, ok(s.GetSkill(ctx, sk.Code))(t))
		}
	})
	t.Run("GetUnknownAndMalformed", func(t *testing.T) {
		_, err := s.GetSkill(ctx, "9-99-99-99")
		wantErr(t, err, graph.ErrNotFound)
		_, err = s.GetSkill(ctx, "焊工")
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("GetMany", func(t *testing.T) {
		got := ok(s.GetManySkills(ctx, []string{SkillWelder, "9-99-99-99", SkillTurner}))(t)
		RequireEqual(t, []graph.Skill{all[7], all[3]}, got)
	})
	t.Run("UpsertReplaces", func(t *testing.T) {
		w := all[7]
		w.Aliases = []string{"氩弧焊工", "钨极氩弧焊工"}
		w.Definition, w.Green = "", true
		must(t, s.UpsertSkills(ctx, []graph.Skill{w}))
		RequireEqual(t, w, ok(s.GetSkill(ctx, SkillWelder))(t))
		n := ok(s.ListSkills(ctx, graph.SkillFilter{}, graph.Page{}))(t).Total
		if n != len(all) {
			t.Fatalf("Total = %d after replacing, want %d", n, len(all))
		}
		got := ok(s.ListSkills(ctx, graph.SkillFilter{Query: "电焊"}, graph.Page{}))(t)
		if got.Total != 0 {
			t.Fatalf("a replaced alias is still found: %v", ids(got.Items, skillCode))
		}
		all[7] = w
	})
	t.Run("UpsertInvalidWritesNothing", func(t *testing.T) {
		good := graph.Skill{Code: "6-18-02-05", Name: "机械加工材料切割工", Depth: 4, ParentCode: "6-18-02-00"}
		for _, bad := range []graph.Skill{
			{Code: "6-18-02", Name: "短", Depth: 4},
			{Code: "6-18-02-06", Name: "", Depth: 4},
		} {
			wantErr(t, s.UpsertSkills(ctx, []graph.Skill{good, bad}), graph.ErrInvalid)
			_, err := s.GetSkill(ctx, good.Code)
			must(t, absent(err))
		}
	})
	t.Run("List", func(t *testing.T) {
		cases := []struct {
			name string
			f    graph.SkillFilter
			want []string
		}{
			{"All", graph.SkillFilter{}, ids(all, skillCode)},
			{"Parent", graph.SkillFilter{ParentCode: "6-18-01-00"}, []string{SkillTurner, SkillMiller, SkillCNC}},
			{"Depth", graph.SkillFilter{Depth: 3}, []string{"6-18-01-00", "6-18-02-00", "6-31-01-00"}},
			{"QueryAlias", graph.SkillFilter{Query: "氩弧焊"}, []string{SkillWelder}},
			{"QueryNameOrAlias", graph.SkillFilter{Query: "数控"}, []string{SkillTurner, SkillMiller, SkillCNC}},
			{"QueryCode", graph.SkillFilter{Query: "6-31"}, []string{"6-31-00-00", "6-31-01-00", SkillElectrician}},
			{"QueryAndDepth", graph.SkillFilter{Query: "工", Depth: 4, ParentCode: "6-31-01-00"}, []string{SkillElectrician}},
			{"None", graph.SkillFilter{Query: "宇航员"}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := ok(s.ListSkills(ctx, tc.f, graph.Page{First: graph.MaxPageSize}))(t)
				RequireEqual(t, tc.want, ids(got.Items, skillCode))
				if got.Total != len(tc.want) || got.HasNext {
					t.Fatalf("Total = %d, HasNext = %v; want %d, false", got.Total, got.HasNext, len(tc.want))
				}
			})
		}
	})
	t.Run("Pages", func(t *testing.T) {
		var got []string
		after := ""
		for range len(all) {
			c := ok(s.ListSkills(ctx, graph.SkillFilter{}, graph.Page{First: 4, After: after}))(t)
			got = append(got, ids(c.Items, skillCode)...)
			if !c.HasNext {
				break
			}
			after = c.EndCursor
		}
		RequireEqual(t, ids(all, skillCode), got)
		_, err := s.ListSkills(ctx, graph.SkillFilter{}, graph.Page{After: "not a cursor"})
		wantErr(t, err, graph.ErrInvalid)
	})
}

// refCase is one write that must fail (or succeed) on the seeded city. do performs the write
// and returns its error and a check that the store is as the case expects afterwards.
type refCase struct {
	name string
	want error
	do   func(ctx context.Context, s graph.Store, c *City) (func() error, error)
}

func runRefCases(t *testing.T, newStore func(t *testing.T) graph.Store, cases []refCase) {
	ctx, s, c := seeded(t, newStore)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check, err := tc.do(ctx, s, c)
			wantErr(t, err, tc.want)
			if check != nil {
				must(t, check())
			}
		})
	}
}

// createCase tries to create v (made by mk) and checks that, on failure, nothing was written.
func createCase[T any](name string, want error, mk func(c *City) T, id func(T) string,
	create func(graph.Store, context.Context, T) error, get func(graph.Store, context.Context, string) (T, error)) refCase {
	return refCase{name: name, want: want, do: func(ctx context.Context, s graph.Store, c *City) (func() error, error) {
		v := mk(c)
		err := create(s, ctx, v)
		return func() error {
			_, gerr := get(s, ctx, id(v))
			if want == nil {
				return gerr
			}
			return absent(gerr)
		}, err
	}}
}

// updateCase applies fn to the entity with the ID picked by pick and, on failure, checks that
// it is unchanged.
func updateCase[T any](name string, want error, pick func(c *City) T, id func(T) string, fn func(c *City, v *T),
	update func(graph.Store, context.Context, string, func(*T) error) (T, error), get func(graph.Store, context.Context, string) (T, error)) refCase {
	return refCase{name: name, want: want, do: func(ctx context.Context, s graph.Store, c *City) (func() error, error) {
		before, err := get(s, ctx, id(pick(c)))
		if err != nil {
			return nil, err
		}
		_, err = update(s, ctx, id(before), func(v *T) error { fn(c, v); return nil })
		return func() error {
			after, gerr := get(s, ctx, id(before))
			if gerr != nil || want == nil {
				return gerr
			}
			if d := Diff(before, after); d != "" {
				return &diffError{d}
			}
			return nil
		}, err
	}}
}

type diffError struct{ d string }

func (e *diffError) Error() string { return "store changed by a failed write: " + e.d }

func testReferences(t *testing.T, newStore func(t *testing.T) graph.Store) {
	inv := graph.ErrInvalid
	un := func(c *City, k graph.Kind) string { return unknownID(c.Maker, k) }
	region := func(name string, f func(c *City, r *graph.Region)) refCase {
		return createCase(name, inv, func(c *City) graph.Region {
			r := c.Maker.Region("新区", graph.RegionDistrict, c.Liaoyuan.ID)
			f(c, &r)
			return r
		}, regionID, graph.Store.CreateRegion, graph.Store.GetRegion)
	}
	union := func(name string, f func(c *City, u *graph.Union)) refCase {
		return createCase(name, inv, func(c *City) graph.Union {
			u := c.Maker.Union("新工会", graph.TierDistrict, c.CityUnion.ID)
			f(c, &u)
			return u
		}, unionID, graph.Store.CreateUnion, graph.Store.GetUnion)
	}
	enterprise := func(name string, f func(c *City, e *graph.Enterprise)) refCase {
		return createCase(name, inv, func(c *City) graph.Enterprise {
			e := c.Maker.Enterprise("新企业", c.Longshan.ID)
			f(c, &e)
			return e
		}, enterpriseID, graph.Store.CreateEnterprise, graph.Store.GetEnterprise)
	}
	worker := func(name string, want error, f func(c *City, w *graph.Worker)) refCase {
		return createCase(name, want, func(c *City) graph.Worker {
			w := c.Maker.Worker("新工人", c.Longshan.ID, func(w *graph.Worker) {
				w.EnterpriseID = c.Heavy.ID
				w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelSenior}}
			})
			f(c, &w)
			return w
		}, workerID, graph.Store.CreateWorker, graph.Store.GetWorker)
	}
	problem := func(name string, f func(c *City, p *graph.Problem)) refCase {
		return createCase(name, inv, func(c *City) graph.Problem {
			p := c.Maker.Problem("新难题", c.Heavy.ID, func(p *graph.Problem) {
				p.Skills = []graph.RequiredSkill{{Code: SkillWelder}}
			})
			f(c, &p)
			return p
		}, problemID, graph.Store.CreateProblem, graph.Store.GetProblem)
	}
	visit := func(name string, f func(c *City, v *graph.Visit)) refCase {
		return createCase(name, inv, func(c *City) graph.Visit {
			v := c.Maker.Visit(c.Heavy.ID, "2026-07-01", func(v *graph.Visit) {
				v.ProblemIDs, v.ExpertIDs = []string{c.Leak.ID}, []string{c.Master.ID}
			})
			f(c, &v)
			return v
		}, visitID, graph.Store.CreateVisit, graph.Store.GetVisit)
	}
	pairing := func(name string, f func(c *City, p *graph.Pairing)) refCase {
		return createCase(name, inv, func(c *City) graph.Pairing {
			p := c.Maker.Pairing(c.Master.ID, c.App3.ID, graph.PairingProposed, func(p *graph.Pairing) { p.UnionID = c.CityUnion.ID })
			f(c, &p)
			return p
		}, pairingID, graph.Store.CreatePairing, graph.Store.GetPairing)
	}
	studio := func(name string, f func(c *City, s *graph.Studio)) refCase {
		return createCase(name, inv, func(c *City) graph.Studio {
			s := c.Maker.Studio("新工作室", c.Elec.ID, c.Textile.ID, func(s *graph.Studio) {
				s.MemberIDs, s.SpecialtyCodes = []string{c.App3.ID}, []string{SkillElectrician}
			})
			f(c, &s)
			return s
		}, studioID, graph.Store.CreateStudio, graph.Store.GetStudio)
	}
	cases := []refCase{
		region("RegionUnknownParent", func(c *City, r *graph.Region) { r.ParentID = un(c, graph.KindRegion) }),
		union("UnionUnknownParent", func(c *City, u *graph.Union) { u.ParentID = un(c, graph.KindUnion) }),
		union("UnionUnknownRegion", func(c *City, u *graph.Union) { u.RegionID = un(c, graph.KindRegion) }),
		union("UnionUnknownEnterprise", func(c *City, u *graph.Union) { u.EnterpriseID = un(c, graph.KindEnterprise) }),
		enterprise("EnterpriseUnknownRegion", func(c *City, e *graph.Enterprise) { e.RegionID = un(c, graph.KindRegion) }),
		enterprise("EnterpriseUnknownUnion", func(c *City, e *graph.Enterprise) { e.UnionID = un(c, graph.KindUnion) }),
		worker("WorkerUnknownRegion", inv, func(c *City, w *graph.Worker) { w.RegionID = un(c, graph.KindRegion) }),
		worker("WorkerUnknownEnterprise", inv, func(c *City, w *graph.Worker) { w.EnterpriseID = un(c, graph.KindEnterprise) }),
		worker("WorkerUnknownSkill", inv, func(c *City, w *graph.Worker) {
			w.Skills = append(w.Skills, graph.WorkerSkill{Code: "6-99-99-99"})
		}),
		worker("WorkerInvalid", inv, func(c *City, w *graph.Worker) { w.Roles = []graph.Role{graph.RoleApprentice, graph.RoleApprentice} }),
		worker("WorkerValid", nil, func(c *City, w *graph.Worker) {}),
		problem("ProblemUnknownEnterprise", func(c *City, p *graph.Problem) { p.EnterpriseID = un(c, graph.KindEnterprise) }),
		problem("ProblemUnknownSkill", func(c *City, p *graph.Problem) {
			p.Skills = append(p.Skills, graph.RequiredSkill{Code: "6-99-99-99"})
		}),
		problem("ProblemUnknownSolver", func(c *City, p *graph.Problem) {
			p.SolverIDs = []string{c.Master.ID, un(c, graph.KindWorker)}
		}),
		visit("VisitUnknownEnterprise", func(c *City, v *graph.Visit) { v.EnterpriseID = un(c, graph.KindEnterprise) }),
		visit("VisitUnknownProblem", func(c *City, v *graph.Visit) { v.ProblemIDs = append(v.ProblemIDs, un(c, graph.KindProblem)) }),
		visit("VisitUnknownExpert", func(c *City, v *graph.Visit) { v.ExpertIDs = append(v.ExpertIDs, un(c, graph.KindWorker)) }),
		pairing("PairingUnknownMentor", func(c *City, p *graph.Pairing) { p.MentorID = un(c, graph.KindWorker) }),
		pairing("PairingUnknownApprentice", func(c *City, p *graph.Pairing) { p.ApprenticeID = un(c, graph.KindWorker) }),
		pairing("PairingUnknownUnion", func(c *City, p *graph.Pairing) { p.UnionID = un(c, graph.KindUnion) }),
		pairing("PairingUnknownAgreementSkill", func(c *City, p *graph.Pairing) { p.Agreement.SkillCode = "6-99-99-99" }),
		pairing("PairingUnknownReviewAuthor", func(c *City, p *graph.Pairing) {
			p.Reviews = []graph.Review{c.Maker.Review("2026-03-01", "记录", un(c, graph.KindWorker), graph.LevelNone)}
		}),
		pairing("PairingSelf", func(c *City, p *graph.Pairing) { p.ApprenticeID = p.MentorID }),
		studio("StudioUnknownLeader", func(c *City, s *graph.Studio) { s.LeaderID = un(c, graph.KindWorker) }),
		studio("StudioUnknownHost", func(c *City, s *graph.Studio) { s.HostEnterpriseID = un(c, graph.KindEnterprise) }),
		studio("StudioUnknownMember", func(c *City, s *graph.Studio) { s.MemberIDs = append(s.MemberIDs, un(c, graph.KindWorker)) }),
		studio("StudioUnknownSpecialty", func(c *City, s *graph.Studio) { s.SpecialtyCodes = append(s.SpecialtyCodes, "6-99-99-99") }),
		createCase("TargetUnknownUnion", inv, func(c *City) graph.Target {
			return c.Maker.Target(un(c, graph.KindUnion), graph.TargetStudios, 8)
		}, targetID, graph.Store.CreateTarget, graph.Store.GetTarget),
		updateCase("UpdateWorkerUnknownEnterprise", inv, func(c *City) graph.Worker { return c.App1 }, workerID,
			func(c *City, w *graph.Worker) { w.EnterpriseID = un(c, graph.KindEnterprise) }, graph.Store.UpdateWorker, graph.Store.GetWorker),
		updateCase("UpdateWorkerUnknownSkill", inv, func(c *City) graph.Worker { return c.App1 }, workerID,
			func(c *City, w *graph.Worker) { w.Skills = []graph.WorkerSkill{{Code: "6-99-99-99"}} }, graph.Store.UpdateWorker, graph.Store.GetWorker),
		updateCase("UpdatePairingUnknownApprentice", inv, func(c *City) graph.Pairing { return c.P1 }, pairingID,
			func(c *City, p *graph.Pairing) { p.ApprenticeID = un(c, graph.KindWorker) }, graph.Store.UpdatePairing, graph.Store.GetPairing),
		updateCase("UpdateStudioUnknownMember", inv, func(c *City) graph.Studio { return c.WeldStudio }, studioID,
			func(c *City, s *graph.Studio) { s.MemberIDs = append(s.MemberIDs, un(c, graph.KindWorker)) }, graph.Store.UpdateStudio, graph.Store.GetStudio),
		updateCase("UpdateVisitUnknownProblem", inv, func(c *City) graph.Visit { return c.LeakVisit }, visitID,
			func(c *City, v *graph.Visit) { v.ProblemIDs = append(v.ProblemIDs, un(c, graph.KindProblem)) }, graph.Store.UpdateVisit, graph.Store.GetVisit),
		updateCase("UpdateRegionUnknownParent", inv, func(c *City) graph.Region { return c.Xian }, regionID,
			func(c *City, r *graph.Region) { r.ParentID = un(c, graph.KindRegion) }, graph.Store.UpdateRegion, graph.Store.GetRegion),
		updateCase("UpdateTargetUnknownUnion", inv, func(c *City) graph.Target { return c.StudioTarget }, targetID,
			func(c *City, t *graph.Target) { t.UnionID = un(c, graph.KindUnion) }, graph.Store.UpdateTarget, graph.Store.GetTarget),
	}
	runRefCases(t, newStore, cases)
}

func testNaturalKeys(t *testing.T, newStore func(t *testing.T) graph.Store) {
	conflict := graph.ErrConflict
	ent := func(name string, want error, f func(c *City, e *graph.Enterprise)) refCase {
		return createCase(name, want, func(c *City) graph.Enterprise {
			e := c.Maker.Enterprise("重名企业", c.Xian.ID)
			f(c, &e)
			return e
		}, enterpriseID, graph.Store.CreateEnterprise, graph.Store.GetEnterprise)
	}
	wkr := func(name string, want error, f func(c *City, w *graph.Worker)) refCase {
		return createCase(name, want, func(c *City) graph.Worker {
			w := c.Maker.Worker("同号工人", c.Longshan.ID)
			f(c, &w)
			return w
		}, workerID, graph.Store.CreateWorker, graph.Store.GetWorker)
	}
	var heavyOldCode string
	cases := []refCase{
		ent("EnterpriseDuplicateCreditCode", conflict, func(c *City, e *graph.Enterprise) { e.CreditCode = c.Heavy.CreditCode }),
		ent("EnterpriseWithoutCreditCode", nil, func(c *City, e *graph.Enterprise) { e.CreditCode = "" }),
		ent("AnotherEnterpriseWithoutCreditCode", nil, func(c *City, e *graph.Enterprise) { e.CreditCode = "" }),
		updateCase("UpdateEnterpriseTakenCreditCode", conflict, func(c *City) graph.Enterprise { return c.Valve }, enterpriseID,
			func(c *City, e *graph.Enterprise) { e.CreditCode = c.Heavy.CreditCode }, graph.Store.UpdateEnterprise, graph.Store.GetEnterprise),
		updateCase("UpdateEnterpriseFreesCreditCode", nil, func(c *City) graph.Enterprise { return c.Heavy }, enterpriseID,
			func(c *City, e *graph.Enterprise) { heavyOldCode, e.CreditCode = e.CreditCode, "91220402MA0000009Y" },
			graph.Store.UpdateEnterprise, graph.Store.GetEnterprise),
		ent("EnterpriseReusesFreedCreditCode", nil, func(c *City, e *graph.Enterprise) { e.CreditCode = heavyOldCode }),
		wkr("WorkerDuplicateEmployeeNo", conflict, func(c *City, w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = c.Heavy.ID, "H001" }),
		wkr("WorkerSameEmployeeNoOtherEnterprise", nil, func(c *City, w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = c.Valve.ID, "H001" }),
		wkr("WorkerWithoutEmployeeNo", nil, func(c *City, w *graph.Worker) { w.EnterpriseID = c.Heavy.ID }),
		updateCase("UpdateWorkerTakenEmployeeNo", conflict, func(c *City) graph.Worker { return c.App1 }, workerID,
			func(c *City, w *graph.Worker) { w.EmployeeNo = "H001" }, graph.Store.UpdateWorker, graph.Store.GetWorker),
		updateCase("UpdateWorkerMovesOntoTakenEmployeeNo", conflict, func(c *City) graph.Worker { return c.CNC }, workerID,
			func(c *City, w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = c.Heavy.ID, "H002" }, graph.Store.UpdateWorker, graph.Store.GetWorker),
		updateCase("UpdateWorkerFreesEmployeeNo", nil, func(c *City) graph.Worker { return c.App1 }, workerID,
			func(c *City, w *graph.Worker) { w.EmployeeNo = "H200" }, graph.Store.UpdateWorker, graph.Store.GetWorker),
		wkr("WorkerReusesFreedEmployeeNo", nil, func(c *City, w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = c.Heavy.ID, "H002" }),
		updateCase("UpdateKeepsOwnEmployeeNo", nil, func(c *City) graph.Worker { return c.Master }, workerID,
			func(c *City, w *graph.Worker) { w.Bio = "新简介" }, graph.Store.UpdateWorker, graph.Store.GetWorker),
	}
	runRefCases(t, newStore, cases)
}

func testDeleteReferenced(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	type fns struct{ del, exists, unblock func() error }
	region := func(r graph.Region) fns {
		return fns{
			del:    func() error { return s.DeleteRegion(ctx, r.ID) },
			exists: func() error { _, err := s.GetRegion(ctx, r.ID); return err },
		}
	}
	union := func(u graph.Union) fns {
		return fns{
			del:    func() error { return s.DeleteUnion(ctx, u.ID) },
			exists: func() error { _, err := s.GetUnion(ctx, u.ID); return err },
		}
	}
	enterprise := func(e graph.Enterprise) fns {
		return fns{
			del:    func() error { return s.DeleteEnterprise(ctx, e.ID) },
			exists: func() error { _, err := s.GetEnterprise(ctx, e.ID); return err },
		}
	}
	worker := func(w graph.Worker) fns {
		return fns{
			del:    func() error { return s.DeleteWorker(ctx, w.ID) },
			exists: func() error { _, err := s.GetWorker(ctx, w.ID); return err },
		}
	}
	newWorker := func(t *testing.T) graph.Worker {
		w := m.Worker("临时工人", c.Longshan.ID)
		must(t, s.CreateWorker(ctx, w))
		return w
	}
	cases := []struct {
		name  string
		setup func(t *testing.T) fns
	}{
		{"RegionWithChildRegion", func(t *testing.T) fns {
			r := m.Region("长白山区", graph.RegionCity, c.Jilin.ID)
			child := m.Region("长白山镇", graph.RegionTown, r.ID)
			must(t, s.CreateRegion(ctx, r))
			must(t, s.CreateRegion(ctx, child))
			f := region(r)
			f.unblock = func() error { return s.DeleteRegion(ctx, child.ID) }
			return f
		}},
		{"RegionWithWorker", func(t *testing.T) fns {
			r := m.Region("东辽县", graph.RegionDistrict, c.Liaoyuan.ID)
			must(t, s.CreateRegion(ctx, r))
			w := m.Worker("东辽工人", r.ID)
			must(t, s.CreateWorker(ctx, w))
			f := region(r)
			f.unblock = func() error { return s.DeleteWorker(ctx, w.ID) }
			return f
		}},
		{"RegionWithEnterprise", func(t *testing.T) fns {
			r := m.Region("东丰县", graph.RegionDistrict, c.Liaoyuan.ID)
			must(t, s.CreateRegion(ctx, r))
			e := m.Enterprise("东丰药业", r.ID)
			must(t, s.CreateEnterprise(ctx, e))
			f := region(r)
			f.unblock = func() error { return s.DeleteEnterprise(ctx, e.ID) }
			return f
		}},
		{"RegionWithUnion", func(t *testing.T) fns {
			r := m.Region("安石镇", graph.RegionTown, c.Xian.ID)
			must(t, s.CreateRegion(ctx, r))
			u := m.Union("安石镇总工会", graph.TierTown, c.XianUnion.ID, func(u *graph.Union) { u.RegionID = r.ID })
			must(t, s.CreateUnion(ctx, u))
			f := region(r)
			f.unblock = func() error { return s.DeleteUnion(ctx, u.ID) }
			return f
		}},
		{"UnionWithChildUnion", func(t *testing.T) fns {
			u := m.Union("临时区总工会", graph.TierDistrict, c.CityUnion.ID)
			child := m.Union("临时街道工会", graph.TierTown, u.ID)
			must(t, s.CreateUnion(ctx, u))
			must(t, s.CreateUnion(ctx, child))
			f := union(u)
			f.unblock = func() error { return s.DeleteUnion(ctx, child.ID) }
			return f
		}},
		{"UnionWithEnterprise", func(t *testing.T) fns {
			u := m.Union("临时工会", graph.TierDistrict, "")
			must(t, s.CreateUnion(ctx, u))
			e := m.Enterprise("临时企业", c.Xian.ID, func(e *graph.Enterprise) { e.UnionID = u.ID })
			must(t, s.CreateEnterprise(ctx, e))
			f := union(u)
			f.unblock = func() error { return s.DeleteEnterprise(ctx, e.ID) }
			return f
		}},
		{"UnionWithTarget", func(t *testing.T) fns {
			u := m.Union("目标工会", graph.TierDistrict, "")
			must(t, s.CreateUnion(ctx, u))
			tg := m.Target(u.ID, graph.TargetPairsSigned, 92)
			must(t, s.CreateTarget(ctx, tg))
			f := union(u)
			f.unblock = func() error { return s.DeleteTarget(ctx, tg.ID) }
			return f
		}},
		{"UnionWithPairing", func(t *testing.T) fns {
			u := m.Union("结对工会", graph.TierDistrict, "")
			must(t, s.CreateUnion(ctx, u))
			p := m.Pairing(c.Shangha.ID, c.App3.ID, graph.PairingDeclined, func(p *graph.Pairing) { p.UnionID = u.ID })
			must(t, s.CreatePairing(ctx, p))
			f := union(u)
			f.unblock = func() error { return s.DeletePairing(ctx, p.ID) }
			return f
		}},
		{"EnterpriseWithWorker", func(t *testing.T) fns {
			e := m.Enterprise("用工企业", c.Xian.ID)
			must(t, s.CreateEnterprise(ctx, e))
			w := m.Worker("员工", c.Xian.ID, func(w *graph.Worker) { w.EnterpriseID = e.ID })
			must(t, s.CreateWorker(ctx, w))
			f := enterprise(e)
			f.unblock = func() error { return s.DeleteWorker(ctx, w.ID) }
			return f
		}},
		{"EnterpriseWithProblem", func(t *testing.T) fns {
			e := m.Enterprise("出题企业", c.Xian.ID)
			must(t, s.CreateEnterprise(ctx, e))
			p := m.Problem("难题", e.ID)
			must(t, s.CreateProblem(ctx, p))
			f := enterprise(e)
			f.unblock = func() error { return s.DeleteProblem(ctx, p.ID) }
			return f
		}},
		{"EnterpriseWithVisit", func(t *testing.T) fns {
			e := m.Enterprise("走访企业", c.Xian.ID)
			must(t, s.CreateEnterprise(ctx, e))
			v := m.Visit(e.ID, "2026-08-08")
			must(t, s.CreateVisit(ctx, v))
			f := enterprise(e)
			f.unblock = func() error { return s.DeleteVisit(ctx, v.ID) }
			return f
		}},
		{"EnterpriseHostingStudio", func(t *testing.T) fns {
			e := m.Enterprise("承办企业", c.Xian.ID)
			must(t, s.CreateEnterprise(ctx, e))
			st := m.Studio("承办工作室", c.Elec.ID, e.ID)
			must(t, s.CreateStudio(ctx, st))
			f := enterprise(e)
			f.unblock = func() error { return s.DeleteStudio(ctx, st.ID) }
			return f
		}},
		{"EnterpriseWithEnterpriseUnion", func(t *testing.T) fns {
			e := m.Enterprise("有工会企业", c.Xian.ID)
			must(t, s.CreateEnterprise(ctx, e))
			u := m.Union("企业工会", graph.TierEnterprise, c.XianUnion.ID, func(u *graph.Union) { u.EnterpriseID = e.ID })
			must(t, s.CreateUnion(ctx, u))
			f := enterprise(e)
			f.unblock = func() error { return s.DeleteUnion(ctx, u.ID) }
			return f
		}},
		{"WorkerAsMentor", func(t *testing.T) fns {
			w := newWorker(t)
			p := m.Pairing(w.ID, c.App3.ID, graph.PairingDeclined)
			must(t, s.CreatePairing(ctx, p))
			f := worker(w)
			f.unblock = func() error { return s.DeletePairing(ctx, p.ID) }
			return f
		}},
		{"WorkerAsApprentice", func(t *testing.T) fns {
			w := newWorker(t)
			p := m.Pairing(c.Master.ID, w.ID, graph.PairingTerminated)
			must(t, s.CreatePairing(ctx, p))
			f := worker(w)
			f.unblock = func() error { return s.DeletePairing(ctx, p.ID) }
			return f
		}},
		{"WorkerAsReviewAuthor", func(t *testing.T) fns {
			w := newWorker(t)
			p := m.Pairing(c.Master.ID, c.App3.ID, graph.PairingActive, func(p *graph.Pairing) {
				p.Reviews = []graph.Review{m.Review("2026-03-03", "代为记录", w.ID, graph.LevelNone)}
			})
			must(t, s.CreatePairing(ctx, p))
			f := worker(w)
			f.unblock = func() error { return s.DeletePairing(ctx, p.ID) }
			return f
		}},
		{"WorkerAsSolver", func(t *testing.T) fns {
			w := newWorker(t)
			p := m.Problem("已解决", c.Heavy.ID, func(p *graph.Problem) { p.Status, p.SolverIDs = graph.ProblemSolved, []string{w.ID} })
			must(t, s.CreateProblem(ctx, p))
			f := worker(w)
			f.unblock = func() error { return s.DeleteProblem(ctx, p.ID) }
			return f
		}},
		{"WorkerAsExpert", func(t *testing.T) fns {
			w := newWorker(t)
			v := m.Visit(c.Heavy.ID, "2026-09-09", func(v *graph.Visit) { v.ExpertIDs = []string{w.ID} })
			must(t, s.CreateVisit(ctx, v))
			f := worker(w)
			f.unblock = func() error { return s.DeleteVisit(ctx, v.ID) }
			return f
		}},
		{"WorkerAsStudioLeader", func(t *testing.T) fns {
			w := newWorker(t)
			st := m.Studio("领衔工作室", w.ID, c.Heavy.ID)
			must(t, s.CreateStudio(ctx, st))
			f := worker(w)
			f.unblock = func() error { return s.DeleteStudio(ctx, st.ID) }
			return f
		}},
		{"WorkerAsStudioMember", func(t *testing.T) fns {
			w := newWorker(t)
			st := m.Studio("成员工作室", c.Master.ID, c.Heavy.ID, func(st *graph.Studio) { st.MemberIDs = []string{w.ID} })
			must(t, s.CreateStudio(ctx, st))
			f := worker(w)
			f.unblock = func() error {
				_, err := s.UpdateStudio(ctx, st.ID, func(st *graph.Studio) error { st.MemberIDs = nil; return nil })
				return err
			}
			return f
		}},
		{"ProblemInVisit", func(t *testing.T) fns {
			p := m.Problem("待走访", c.Heavy.ID)
			must(t, s.CreateProblem(ctx, p))
			v := m.Visit(c.Heavy.ID, "2026-10-10", func(v *graph.Visit) { v.ProblemIDs = []string{p.ID} })
			must(t, s.CreateVisit(ctx, v))
			return fns{
				del:    func() error { return s.DeleteProblem(ctx, p.ID) },
				exists: func() error { _, err := s.GetProblem(ctx, p.ID); return err },
				unblock: func() error {
					_, err := s.UpdateVisit(ctx, v.ID, func(v *graph.Visit) error { v.ProblemIDs = nil; return nil })
					return err
				},
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.setup(t)
			wantErr(t, f.del(), graph.ErrConflict)
			must(t, f.exists())
			must(t, f.unblock())
			must(t, f.del())
			wantErr(t, f.exists(), graph.ErrNotFound)
		})
	}
	t.Run("SeededCityStaysIntact", func(t *testing.T) {
		// App3 and Shangha are referenced by nothing in the City.
		for _, w := range []graph.Worker{c.Master, c.CNC, c.Elec, c.App1, c.App2} {
			wantErr(t, s.DeleteWorker(ctx, w.ID), graph.ErrConflict)
		}
		wantErr(t, s.DeleteRegion(ctx, c.Jilin.ID), graph.ErrConflict)
		wantErr(t, s.DeleteUnion(ctx, c.CityUnion.ID), graph.ErrConflict)
		wantErr(t, s.DeleteEnterprise(ctx, c.Heavy.ID), graph.ErrConflict)
		wantErr(t, s.DeleteProblem(ctx, c.Leak.ID), graph.ErrConflict)
		RequireEqual(t, c.Master, ok(s.GetWorker(ctx, c.Master.ID))(t))
	})
}

func testUnionTree(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	subtree := func(t *testing.T, id string) []string {
		t.Helper()
		got := ok(s.UnionSubtree(ctx, id))(t)
		if len(got) == 0 || got[0] != id {
			t.Fatalf("UnionSubtree(%s) = %v; want the union first", id, got)
		}
		rest := slices.Clone(got[1:])
		slices.Sort(rest)
		return append([]string{id}, rest...)
	}
	sorted := func(first string, rest ...string) []string {
		rest = slices.Clone(rest)
		slices.Sort(rest)
		return append([]string{first}, rest...)
	}
	t.Run("Subtree", func(t *testing.T) {
		RequireEqual(t, sorted(c.CityUnion.ID, c.LongshanUnion.ID, c.XianUnion.ID, c.TownUnion.ID, c.HeavyUnion.ID), subtree(t, c.CityUnion.ID))
		RequireEqual(t, sorted(c.LongshanUnion.ID, c.TownUnion.ID, c.HeavyUnion.ID), subtree(t, c.LongshanUnion.ID))
		RequireEqual(t, []string{c.XianUnion.ID}, subtree(t, c.XianUnion.ID))
	})
	t.Run("SubtreeUnknown", func(t *testing.T) {
		_, err := s.UnionSubtree(ctx, unknownID(c.Maker, graph.KindUnion))
		wantErr(t, err, graph.ErrNotFound)
		_, err = s.UnionSubtree(ctx, "uni_bad")
		wantErr(t, err, graph.ErrInvalid)
	})
	cycles := []struct {
		name   string
		id     string
		parent func() string
	}{
		{"OwnParent", c.CityUnion.ID, func() string { return c.CityUnion.ID }},
		{"ChildAsParent", c.CityUnion.ID, func() string { return c.LongshanUnion.ID }},
		{"GrandchildAsParent", c.CityUnion.ID, func() string { return c.TownUnion.ID }},
		{"GrandchildAsParentOfMiddle", c.LongshanUnion.ID, func() string { return c.TownUnion.ID }},
	}
	for _, tc := range cycles {
		t.Run("Ancestor"+tc.name, func(t *testing.T) {
			before := ok(s.GetUnion(ctx, tc.id))(t)
			_, err := s.UpdateUnion(ctx, tc.id, func(u *graph.Union) error { u.ParentID = tc.parent(); return nil })
			wantErr(t, err, graph.ErrInvalid)
			RequireEqual(t, before, ok(s.GetUnion(ctx, tc.id))(t))
		})
	}
	t.Run("Move", func(t *testing.T) {
		_, err := s.UpdateUnion(ctx, c.TownUnion.ID, func(u *graph.Union) error { u.ParentID = c.XianUnion.ID; return nil })
		must(t, err)
		RequireEqual(t, sorted(c.XianUnion.ID, c.TownUnion.ID), subtree(t, c.XianUnion.ID))
		RequireEqual(t, sorted(c.LongshanUnion.ID, c.HeavyUnion.ID), subtree(t, c.LongshanUnion.ID))
		got := ok(s.ListUnions(ctx, graph.UnionFilter{ParentID: c.LongshanUnion.ID}, graph.Page{}))(t)
		RequireEqual(t, []string{c.HeavyUnion.ID}, ids(got.Items, unionID))
	})
	t.Run("MakeRoot", func(t *testing.T) {
		_, err := s.UpdateUnion(ctx, c.XianUnion.ID, func(u *graph.Union) error { u.ParentID = ""; return nil })
		must(t, err)
		got := ok(s.ListUnions(ctx, graph.UnionFilter{RootOnly: true}, graph.Page{}))(t)
		RequireEqual(t, []string{c.CityUnion.ID, c.XianUnion.ID}, ids(got.Items, unionID))
	})
}
