// GraphQL documents of the apprentice pages.

const SCORE = `total summary parts { name value weight contribution detail }`

const PAIRING_FIELDS = `
  id status origin score award terminationReason completedOn promotedTo createdAt updatedAt
  mentor { id name enterprise { name } }
  apprentice { id name }
  agreement { signedOn skill { code name } targetLevel deadline goal reviewCadenceDays }
  reviews { id date note levelReached author { id name } createdAt }
`

export const MENTORS_FOR = `
query MentorsFor($apprenticeId: ID!, $first: Int) {
  worker(id: $apprenticeId) {
    id name
    skills { skill { code name } level primary }
    apprenticeships(first: 20) { nodes { status mentor { id } } }
  }
  mentorsFor(apprenticeId: $apprenticeId, first: $first) {
    matches {
      worker {
        id name acceptingMentees openMentees mentorCapacity
        enterprise { name }
        skills { skill { code name } level primary }
        honours { title tier }
      }
      score { ${SCORE} }
    }
    excluded { rule count }
  }
}`

export const REQUEST_MENTOR = `
mutation RequestMentor($mentorId: ID!, $agreement: AgreementInput) {
  requestMentor(mentorId: $mentorId, agreement: $agreement) { id status mentor { id name } }
}`

export const MY_APPRENTICESHIPS = `
query MyApprenticeships($id: ID!) {
  worker(id: $id) {
    id name
    apprenticeships(first: 50) { totalCount nodes { ${PAIRING_FIELDS} } }
  }
}`

export const SKILL_SEARCH = `
query RoleSkillSearch($query: String!) {
  skills(filter: { query: $query, depth: 4 }, first: 20) { nodes { code name } }
}`

export { PAIRING_FIELDS, SCORE }
