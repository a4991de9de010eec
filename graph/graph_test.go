package graph

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestCheckID(t *testing.T) {
	gen := NewIDGen(nil, nil)
	good := gen.New(KindWorker)
	tests := []struct {
		name string
		kind Kind
		id   string
		ok   bool
	}{
		{"generated", KindWorker, good, true},
		{"wrong kind", KindUnion, good, false},
		{"no prefix", KindWorker, good[4:], false},
		{"bad ulid", KindWorker, "wkr_123", false},
		{"empty", KindWorker, "", false},
		{"injection", KindWorker, "wkr_' OR 1=1 --", false},
		{"skill code", KindSkill, "6-18-02-04", true},
		{"skill code short", KindSkill, "6-18-02", false},
		{"skill code letters", KindSkill, "6-18-0a-04", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckID("id", tc.kind, tc.id)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckID(%q) = %v, want ok=%v", tc.id, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
		})
	}
}

func TestIDsSortByCreation(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	gen := NewIDGen(func() time.Time { return now }, nil)
	var ids []string
	for range 100 {
		ids = append(ids, gen.New(KindPairing))
	}
	if !slices.IsSorted(ids) {
		t.Fatal("IDs made within one millisecond are not in creation order")
	}
	if KindOf(ids[0]) != KindPairing || KindOf("6-18-02-04") != KindSkill || KindOf("x_y") != "" {
		t.Fatal("KindOf")
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		in   string
		want Level
	}{
		{"TECHNICIAN", LevelTechnician}, {"技师", LevelTechnician}, {"二级", LevelTechnician}, {"2", LevelTechnician},
		{"初级工", LevelJunior}, {"SENIOR_TECHNICIAN", LevelSeniorTechnician},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseLevel(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParseLevel(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
	for _, bad := range []string{"9", "LEVEL_9", "", "六级"} {
		if _, err := ParseLevel(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseLevel(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if !LevelSeniorTechnician.AtLeast(LevelJunior) || LevelJunior.AtLeast(LevelSenior) || !LevelSenior.AtLeast(LevelNone) {
		t.Fatal("AtLeast ordering")
	}
}

func TestDatesAndCursors(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{{"2026-06-30", true}, {"2026-02-30", false}, {"1899-12-31", false}, {"2026/06/30", false}} {
		if _, err := ParseDate("d", tc.in); (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q) = %v", tc.in, err)
		}
	}
	id := NewIDGen(nil, nil).New(KindWorker)
	got, err := ParseCursor(CursorOf(id))
	if err != nil || got != id {
		t.Fatalf("cursor round trip = %q, %v", got, err)
	}
	if _, err := ParseCursor("bm90IGEgY3Vyc29y"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("forged cursor: %v", err)
	}
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		from, to PairingStatus
		ok       bool
	}{
		{PairingProposed, PairingAccepted, true},
		{PairingProposed, PairingDeclined, true},
		{PairingAccepted, PairingActive, true},
		{PairingActive, PairingCompleted, true},
		{PairingActive, PairingTerminated, true},
		{PairingCompleted, PairingActive, false},
		{PairingDeclined, PairingAccepted, false},
		{PairingProposed, PairingCompleted, false},
	}
	for _, tc := range tests {
		t.Run(string(tc.from)+"→"+string(tc.to), func(t *testing.T) {
			if tc.from.CanMove(tc.to) != tc.ok {
				t.Fatalf("CanMove = %v", !tc.ok)
			}
		})
	}
	if ProblemSolved.CanMove(ProblemOpen) || !ProblemOpen.CanMove(ProblemSolved) {
		t.Fatal("problem moves")
	}
}

func TestValidateWorker(t *testing.T) {
	gen := NewIDGen(nil, nil)
	now := time.Now().UTC()
	base := func() Worker {
		return Worker{ID: gen.New(KindWorker), Name: "王建湘", Gender: GenderMale, RegionID: gen.New(KindRegion),
			Skills: []WorkerSkill{{Code: "6-18-02-04", Level: LevelTechnician}}, MentorCapacity: 3, CreatedAt: now, UpdatedAt: now}
	}
	tests := []struct {
		name  string
		edit  func(*Worker)
		field string
	}{
		{"ok", func(*Worker) {}, ""},
		{"blank name", func(w *Worker) { w.Name = "  " }, "name"},
		{"control character", func(w *Worker) { w.Name = "王\x00" }, "name"},
		{"level 9", func(w *Worker) { w.Skills[0].Level = 9 }, "skills.level"},
		{"capacity -1", func(w *Worker) { w.MentorCapacity = -1 }, "mentorCapacity"},
		{"capacity 21", func(w *Worker) { w.MentorCapacity = 21 }, "mentorCapacity"},
		{"duplicate trade", func(w *Worker) { w.Skills = append(w.Skills, w.Skills[0]) }, "skills"},
		{"employee number without employer", func(w *Worker) { w.EmployeeNo = "A1" }, "employeeNo"},
		{"local time", func(w *Worker) { w.CreatedAt = now.Local(); w.UpdatedAt = now.Local() }, "createdAt"},
		{"born yesterday", func(w *Worker) { w.BirthYear = now.Year() }, "birthYear"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := base()
			tc.edit(&w)
			err := w.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want a field error on %s", err, tc.field)
			}
		})
	}
}

// TestObserve checks that hooks run around writes, in order, with the IDs written, and that a
// Before error stops the write.
func TestObserve(t *testing.T) {
	var log []string
	inner := &fakeStore{log: &log}
	stop := errors.New("stop")
	s := Observe(inner,
		WriteHooks{Before: func(_ context.Context, ids []string) error { log = append(log, "before "+ids[0]); return nil }},
		WriteHooks{After: func(_ context.Context, ids []string, err error) { log = append(log, "after "+ids[0]) }},
	)
	_ = s.DeleteWorker(context.Background(), "wkr_1")
	if want := []string{"before wkr_1", "delete wkr_1", "after wkr_1"}; !slices.Equal(log, want) {
		t.Fatalf("log %v, want %v", log, want)
	}
	log = nil
	s = Observe(inner, WriteHooks{Before: func(context.Context, []string) error { return stop }})
	if err := s.DeleteWorker(context.Background(), "wkr_2"); !errors.Is(err, stop) || len(log) != 0 {
		t.Fatalf("err %v, log %v", err, log)
	}
}

type fakeStore struct {
	Store
	log *[]string
}

func (f *fakeStore) DeleteWorker(_ context.Context, id string) error {
	*f.log = append(*f.log, "delete "+id)
	return nil
}

func TestBatchSplit(t *testing.T) {
	mk := func(n int) Batch {
		var b Batch
		b.Regions = make([]Region, 2)
		b.Unions = make([]Union, 3)
		b.Enterprises = make([]Enterprise, 5)
		b.Workers = make([]Worker, n)
		b.Problems = make([]Problem, n/10)
		b.Studios = make([]Studio, 7)
		b.Visits = make([]Visit, 4)
		b.Pairings = make([]Pairing, n/2)
		b.Targets = make([]Target, 3)
		return b
	}
	for _, tc := range []struct{ workers, max int }{{100, 0}, {100, 1000}, {1000, 100}, {1000, 7}, {5, 1}} {
		b := mk(tc.workers)
		parts := b.Split(tc.max)
		total := 0
		for i, p := range parts {
			total += p.Len()
			if tc.max > 0 && b.Len() > tc.max && p.Len() > tc.max && i > 0 {
				t.Fatalf("part %d holds %d > %d", i, p.Len(), tc.max)
			}
		}
		if total != b.Len() {
			t.Fatalf("split lost entities: %d of %d", total, b.Len())
		}
		// Dependency order: no part holds workers after a part that held pairings.
		seenPairings := false
		for _, p := range parts {
			if len(p.Workers) > 0 && seenPairings {
				t.Fatal("workers after pairings")
			}
			seenPairings = seenPairings || len(p.Pairings) > 0
		}
		if len(parts[0].Regions) != 2 || len(parts[0].Unions) != 3 || len(parts[0].Enterprises) != 5 {
			t.Fatal("regions, unions and enterprises must open the first part together")
		}
	}
}
