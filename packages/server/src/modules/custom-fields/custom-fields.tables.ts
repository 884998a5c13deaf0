export interface CustomFieldsTable {
  id: string;
  label: string;
  scope: 'visitor' | 'conversation';
  type: 'text' | 'select';
  options: string[];
  regex: string | null;
  required: boolean;
  visible: boolean;
  searchable: boolean;
  position: number;
  created_at: Date;
  updated_at: Date;
}

declare module '../../kernel/db/schema.js' {
  interface Database {
    custom_fields: CustomFieldsTable;
  }
}
