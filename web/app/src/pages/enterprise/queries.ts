// GraphQL documents of the enterprise pages.

const PROBLEM_FIELDS = `
  id title description industry status urgency outcome solvedOn contact confidential createdAt updatedAt
  skills { skill { code name } minLevel }
  solvers { id name }
`

const VISIT_FIELDS = `
  id date status rating ratingComment
  enterprise { id name }
  problems { id title description industry status urgency outcome solvedOn contact confidential createdAt skills { skill { code name } minLevel } }
  invitations { expert { id name } status respondedAt }
  experts { id name }
  outcomes { problem { id title } result notes }
`

export const MY_ENTERPRISE = `
query MyEnterprise($id: ID!) {
  enterprise(id: $id) { id name industry }
}`

export const CREATE_PROBLEM = `
mutation CreateProblem($input: ProblemInput!) {
  createProblem(input: $input) { id title status }
}`

export const MY_PROBLEMS = `
query MyProblems($id: ID!, $status: ProblemStatus) {
  problems(filter: { enterpriseId: $id, status: $status }, first: 50) {
    totalCount
    nodes { ${PROBLEM_FIELDS} visits(first: 5) { nodes { id status date } } }
  }
}`

export const PROBLEM_DETAIL = `
query ProblemDetail($id: ID!) {
  problem(id: $id) {
    ${PROBLEM_FIELDS}
    enterprise { id name }
    visits(first: 20) { nodes { ${VISIT_FIELDS} } }
  }
}`

export const EXPERT_TEAM = `
query ExpertTeam($problemId: ID!, $maxSize: Int) {
  expertTeamFor(problemId: $problemId, maxSize: $maxSize) {
    total exact lowerBound withinMaxSize
    uncovered { code name }
    members {
      worker { id name enterprise { name } honours { title } skills { skill { code name } level primary } }
      score { total summary parts { name value weight contribution detail } }
    }
  }
}`

export const PROPOSE_VISIT = `
mutation ProposeVisit($input: VisitProposal!) {
  proposeVisit(input: $input) { id status date }
}`

export const SCHEDULE_VISIT = `
mutation ScheduleVisit($id: ID!, $date: Date) {
  scheduleVisit(id: $id, date: $date) { id status date }
}`

export const CANCEL_VISIT = `
mutation CancelVisit($id: ID!) {
  cancelVisit(id: $id) { id status }
}`

export const RECORD_OUTCOMES = `
mutation RecordVisitOutcomes($id: ID!, $outcomes: [ProblemOutcomeInput!]!) {
  recordVisitOutcomes(id: $id, outcomes: $outcomes) { id status outcomes { problem { id } result notes } }
}`

export const RATE_VISIT = `
mutation RateVisit($id: ID!, $rating: Int!, $comment: String) {
  rateVisit(id: $id, rating: $rating, comment: $comment) { id rating ratingComment }
}`
