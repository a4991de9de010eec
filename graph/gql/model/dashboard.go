package model

import "jiangxin/graph"

// Dashboard is a union officer's dashboard; its fields are resolved on demand from the report
// service, so a query pays only for the panels it asks for.
type Dashboard struct {
	UnionID string
	Period  string
}

// UnionProgress is a union's counts (including the unions below it) and its targets.
type UnionProgress struct {
	UnionID        string
	PairsSigned    int
	PairsCompleted int
	ProblemsSolved int
	Studios        int
	Promotions     int
	Targets        []TargetProgress
}

// TargetProgress is how far a union is against one target.
type TargetProgress struct {
	Target   graph.Target
	Achieved int
	Ratio    float64
}

// MonthCount is one month of the trend chart.
type MonthCount struct {
	Month     string
	Signed    int
	Completed int
	Solved    int
}

// LevelCount is the number of promotions to one level.
type LevelCount struct {
	Level graph.Level
	Count int
}

// MentorStat is one mentor's record in the union tree.
type MentorStat struct {
	MentorID   string
	Active     int
	Completed  int
	Promotions int
}

// TradeCount is the number of open problems needing one trade.
type TradeCount struct {
	Code  string
	Count int
}

// StalledPairing is an active pairing overdue for a review.
type StalledPairing struct {
	PairingID    string
	LastActivity graph.Date
	DaysOverdue  int
}
