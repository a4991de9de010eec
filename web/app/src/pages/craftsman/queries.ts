// GraphQL documents of the craftsman pages.
import { PAIRING_FIELDS } from '../apprentice/queries'

export const MY_MENTORSHIPS = `
query MyMentorships($id: ID!) {
  worker(id: $id) {
    id name mentorCapacity openMentees acceptingMentees
    mentorships(first: 50) { totalCount nodes { ${PAIRING_FIELDS} apprentice { id name skills { skill { code name } level primary } } } }
  }
}`

const PAIRING_RESULT = `{ ${PAIRING_FIELDS} }`

export const RESPOND_PAIRING = `
mutation RespondPairing($id: ID!, $accept: Boolean!, $reason: String) {
  respondPairing(id: $id, accept: $accept, reason: $reason) ${PAIRING_RESULT}
}`

export const SIGN_AGREEMENT = `
mutation SignAgreement($id: ID!, $agreement: AgreementInput!) {
  signAgreement(id: $id, agreement: $agreement) ${PAIRING_RESULT}
}`

export const ADD_REVIEW = `
mutation AddReview($pairingId: ID!, $input: ReviewInput!) {
  addReview(pairingId: $pairingId, input: $input) ${PAIRING_RESULT}
}`

export const COMPLETE_PAIRING = `
mutation CompletePairing($id: ID!) {
  completePairing(id: $id) ${PAIRING_RESULT}
}`

export const TERMINATE_PAIRING = `
mutation TerminatePairing($id: ID!, $reason: String!) {
  terminatePairing(id: $id, reason: $reason) ${PAIRING_RESULT}
}`

const VISIT_FIELDS = `
  id date status rating ratingComment
  enterprise { id name }
  problems { id title description status urgency contact confidential skills { skill { code name } minLevel } }
  invitations { expert { id name } status respondedAt }
  experts { id name }
`

// visits(filter: {expertId}) matches only experts who accepted, so open invitations are found
// among the PLANNED and SCHEDULED visits and kept when they invite me (mergeMyVisits).
export const MY_VISITS = `
query MyVisits($id: ID!) {
  joined: visits(filter: { expertId: $id }, first: 30) { nodes { ${VISIT_FIELDS} } }
  planned: visits(filter: { inviteeId: $id, status: PLANNED }, first: 30) { nodes { ${VISIT_FIELDS} } }
  scheduled: visits(filter: { inviteeId: $id, status: SCHEDULED }, first: 30) { nodes { ${VISIT_FIELDS} } }
}`

export const RESPOND_INVITATION = `
mutation RespondInvitation($visitId: ID!, $accept: Boolean!) {
  respondInvitation(visitId: $visitId, accept: $accept) { ${VISIT_FIELDS} }
}`

const STUDIO_FIELDS = `
  id name kind tier establishedYear description
  hostEnterprise { id name }
  leader { id name }
  members { id name skills { skill { name } level primary } }
  specialties { code name }
  achievements { kind title year count }
`

export const MY_STUDIOS = `
query MyStudios($id: ID!) {
  studios(filter: { leaderId: $id }, first: 50) { nodes { ${STUDIO_FIELDS} } }
}`

export const ADD_MEMBER = `
mutation AddStudioMember($studioId: ID!, $workerId: ID!) {
  addStudioMember(studioId: $studioId, workerId: $workerId) { ${STUDIO_FIELDS} }
}`

export const REMOVE_MEMBER = `
mutation RemoveStudioMember($studioId: ID!, $workerId: ID!) {
  removeStudioMember(studioId: $studioId, workerId: $workerId) { ${STUDIO_FIELDS} }
}`

export const ADD_ACHIEVEMENT = `
mutation AddAchievement($studioId: ID!, $input: AchievementInput!) {
  addAchievement(studioId: $studioId, input: $input) { ${STUDIO_FIELDS} }
}`

export const WORKER_SEARCH = `
query RoleWorkerSearch($query: String!) {
  search(query: $query, kinds: [WORKER], first: 10) {
    hits { id node { ... on Worker { id name enterprise { name } skills { skill { name } level primary } } } }
  }
}`
