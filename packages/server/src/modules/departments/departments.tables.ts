export interface DepartmentsTable {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  show_on_registration: boolean;
  show_on_offline_form: boolean;
  email: string;
  fallback_department_id: string | null;
  allowed_forward_ids: string[];
  request_tag_before_closing: boolean;
  closing_tags: string[];
  waiting_queue_message: string;
  max_chats_per_agent: number | null;
  business_hours_id: string | null;
  archived: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface DepartmentAgentsTable {
  department_id: string;
  user_id: string;
  position: number;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    departments: DepartmentsTable;
    department_agents: DepartmentAgentsTable;
  }
}
