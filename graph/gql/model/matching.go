package model

import "jiangxin/matching"

// Explanation is a matching.Score shown to the API.
type Explanation struct {
	Score matching.Score
}

// WorkerMatch is a recommended worker with its score.
type WorkerMatch struct {
	WorkerID string
	Score    *Explanation
}

// StudioMatch is a recommended studio with its score.
type StudioMatch struct {
	StudioID string
	Score    *Explanation
}

// Exclusion is a candidate kept out by a hard rule.
type Exclusion struct {
	CandidateID string
	Rule        string
	Detail      string
}
