package report

import (
	"context"
	"crypto/rand"
	"fmt"
	"reflect"
	"testing"
	"time"

	"jiangxin/graph"
)

// TestPatchMatchesRebuild writes through an observed store and checks after every step that the
// snapshot the Service refreshes by patching equals one built from scratch, and that the patch
// path (not a rebuild) was taken where it should be.
func TestPatchMatchesRebuild(t *testing.T) {
	ctx := context.Background()
	svc, sum := demoCity(t)
	raw := svc.store
	obs := graph.Observe(raw, svc.Hooks())
	ids := graph.NewIDGen(time.Now, rand.Reader)
	g := graph.NewService(obs, ids, func() time.Time { return sum.Base })

	first := func(t *testing.T, list func(graph.Page) ([]string, error)) string {
		t.Helper()
		got, err := list(graph.Page{First: 1})
		if err != nil || len(got) == 0 {
			t.Fatalf("no entity to work on: %v", err)
		}
		return got[0]
	}
	problem := first(t, func(p graph.Page) ([]string, error) {
		c, err := raw.ListProblems(ctx, graph.ProblemFilter{Status: graph.ProblemOpen}, p)
		return idsOf(c.Items, func(x graph.Problem) string { return x.ID }), err
	})
	pairing := first(t, func(p graph.Page) ([]string, error) {
		c, err := raw.ListPairings(ctx, graph.PairingFilter{Status: graph.PairingActive}, p)
		return idsOf(c.Items, func(x graph.Pairing) string { return x.ID }), err
	})
	pr, err := raw.GetProblem(ctx, problem)
	if err != nil {
		t.Fatal(err)
	}
	pa, err := raw.GetPairing(ctx, pairing)
	if err != nil {
		t.Fatal(err)
	}
	enterprises, err := raw.ListEnterprises(ctx, graph.EnterpriseFilter{}, graph.Page{First: 2})
	if err != nil || len(enterprises.Items) < 2 {
		t.Fatalf("enterprises: %v", err)
	}

	steps := []struct {
		name    string
		write   func() error
		rebuild bool // the refresh must build from scratch
	}{
		{"new problem", func() error {
			_, err := g.CreateProblem(ctx, graph.ProblemInput{EnterpriseID: pr.EnterpriseID, Title: "焊缝气孔返修率高",
				Description: "补焊后仍有气孔", Industry: pr.Industry, Skills: pr.Skills})
			return err
		}, false},
		{"problem solved", func() error {
			_, err := obs.UpdateProblem(ctx, problem, func(p *graph.Problem) error {
				p.Status, p.SolvedOn = graph.ProblemSolved, graph.DateOf(sum.Base)
				return nil
			})
			return err
		}, false},
		{"review added", func() error {
			_, err := obs.UpdatePairing(ctx, pairing, func(p *graph.Pairing) error {
				p.Reviews = append(p.Reviews, graph.Review{ID: ids.New(graph.KindReview), AuthorID: p.MentorID,
					Date: graph.DateOf(sum.Base), Note: "进步明显"})
				return nil
			})
			return err
		}, false},
		{"pairing without a sponsor", func() error {
			_, err := obs.UpdatePairing(ctx, pairing, func(p *graph.Pairing) error {
				p.UnionID = ""
				return nil
			})
			return err
		}, false},
		{"apprentice changes employer", func() error {
			e := enterprises.Items[0].ID
			if w, err := raw.GetWorker(ctx, pa.ApprenticeID); err == nil && w.EnterpriseID == e {
				e = enterprises.Items[1].ID
			}
			_, err := obs.UpdateWorker(ctx, pa.ApprenticeID, func(w *graph.Worker) error {
				w.EnterpriseID, w.EmployeeNo = e, ""
				return nil
			})
			return err
		}, false},
		{"problem deleted", func() error {
			c, err := raw.ListProblems(ctx, graph.ProblemFilter{EnterpriseID: pr.EnterpriseID, Status: graph.ProblemOpen}, graph.Page{First: 50})
			if err != nil {
				return err
			}
			for _, p := range c.Items {
				if err := obs.DeleteProblem(ctx, p.ID); err == nil {
					return nil
				}
			}
			return fmt.Errorf("no deletable problem")
		}, false},
		{"enterprise changes union", func() error {
			_, err := obs.UpdateEnterprise(ctx, pr.EnterpriseID, func(e *graph.Enterprise) error {
				e.UnionID = ""
				return nil
			})
			return err
		}, true},
	}
	if _, err := svc.current(ctx); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			prev := svc.snap.Load()
			if err := st.write(); err != nil {
				t.Fatalf("write: %v", err)
			}
			got, err := svc.current(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got == prev {
				t.Fatal("the snapshot was not refreshed after a write")
			}
			patched := got.order != nil && &got.end[0] == &prev.end[0] // patches share the union tree
			if patched == st.rebuild {
				t.Errorf("patched = %v, want %v", patched, !st.rebuild)
			}
			want, err := build(ctx, raw, got.gen)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name      string
				got, want any
			}{
				{"pairs", got.pairs, want.pairs},
				{"problems", got.problems, want.problems},
				{"studios", got.studios, want.studios},
				{"enterprises", got.entUnion, want.entUnion},
			} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s differ from a fresh build", c.name)
				}
			}
		})
	}
}

func idsOf[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = id(x)
	}
	return out
}
