export interface PrioritiesTable {
  id: string;
  name: string;
  weight: number;
  created_at: Date;
  updated_at: Date;
}

export interface SlaPoliciesTable {
  id: string;
  name: string;
  description: string;
  due_minutes: number;
  created_at: Date;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    priorities: PrioritiesTable;
    sla_policies: SlaPoliciesTable;
  }
}
