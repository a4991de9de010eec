// The peer of bench/peers: @neo4j/graphql on graphql-yoga (Node's http server), over the same
// Neo4j database as Jiangxin (`jiangxin demo --graph neo4j`). The type definitions map the
// nodes, properties and relationships Jiangxin writes (graph/neo4j/store.go) for the two
// benchmark queries: a worker by ID with its skills, and workers by skill in a district.
//
//   NEO4J_URI=bolt://127.0.0.1:7697 PORT=4100 node server.mjs
import { createServer } from "node:http";
import { createYoga } from "graphql-yoga";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Skill @node {
    code: ID!
    name: String!
    workers: [Worker!]! @relationship(type: "HAS_SKILL", direction: IN, properties: "HasSkill")
  }

  type HasSkill @relationshipProperties {
    level: Int
    certified: Boolean
    primary: Boolean
  }

  type Region @node {
    id: ID!
    name: String!
    level: String
    parent: [Region!]! @relationship(type: "PART_OF", direction: OUT)
  }

  type Enterprise @node {
    id: ID!
    name: String!
  }

  type Worker @node {
    id: ID!
    name: String!
    gender: String
    birthYear: Int
    bio: String
    mentorCapacity: Int
    acceptingMentees: Boolean
    skills: [Skill!]! @relationship(type: "HAS_SKILL", direction: OUT, properties: "HasSkill")
    region: [Region!]! @relationship(type: "IN_REGION", direction: OUT)
    enterprise: [Enterprise!]! @relationship(type: "WORKS_AT", direction: OUT)
  }
`;

const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687";
const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? "none"),
  { maxConnectionPoolSize: 100 });
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const yoga = createYoga({ schema, graphiql: false, logging: false, landingPage: false, maskedErrors: false });
const port = Number(process.env.PORT ?? 4100);
createServer(yoga).listen(port, "127.0.0.1", () => {
  console.log(`PEER READY http://127.0.0.1:${port}/graphql neo4j=${uri}`);
});
