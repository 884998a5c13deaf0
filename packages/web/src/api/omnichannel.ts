import type {
  AgentState,
  AgentView,
  AvailabilityChange,
  CapacityChange,
  CloseConversation,
  ConversationListQuery,
  ConversationPage,
  ConversationTimers,
  ConversationView,
  CustomFieldPatch,
  CustomFieldView,
  DepartmentPatch,
  DepartmentView,
  HistoryQuery,
  ListPageQuery,
  MessageView,
  NewCustomField,
  NewDepartment,
  OfflineMessageListQuery,
  OfflineMessageView,
  Page,
  PriorityInput,
  PriorityView,
  RoomInfoPatch,
  SlaInput,
  SlaView,
  TransferRecord,
  TransferRequest,
  VisitorDetails,
  WorkspaceSettings,
} from '@parley/shared';
import { api } from './client';

/** The omnichannel endpoints the workspace and the admin console use (see /api/openapi.json). */

const enc = encodeURIComponent;
const conv = (id: string) => `/api/v1/conversations/${enc(id)}`;

export const conversationsApi = {
  list: (q: ConversationListQuery) => api.get<ConversationPage>('/api/v1/conversations', { ...q }),
  get: (id: string) => api.get<ConversationView>(conv(id)),
  queue: () => api.get<{ items: ConversationView[] }>('/api/v1/queue'),
  messages: (id: string, q: HistoryQuery) => api.get<{ items: MessageView[] }>(`${conv(id)}/messages`, { ...q }),
  send: (id: string, text: string, clientId: string) =>
    api.post<MessageView>(`${conv(id)}/messages`, { text, clientId }),
  /** A retry with the same `clientId` answers with the message stored the first time (no second copy). */
  sendFile: (id: string, file: File, text: string, clientId: string) => {
    const form = new FormData();
    // The server reads text fields only before the file part.
    if (text) form.append('text', text);
    form.append('clientId', clientId);
    form.append('file', file, file.name);
    return api.postForm<MessageView>(`${conv(id)}/files`, form);
  },
  editMessage: (id: string, messageId: string, text: string) =>
    api.patch<MessageView>(`${conv(id)}/messages/${enc(messageId)}`, { text }),
  deleteMessage: (id: string, messageId: string) => api.delete<MessageView>(`${conv(id)}/messages/${enc(messageId)}`),
  take: (id: string) => api.post<ConversationView>(`${conv(id)}/take`),
  close: (id: string, body: CloseConversation) => api.post<ConversationView>(`${conv(id)}/close`, body),
  update: (id: string, patch: RoomInfoPatch) => api.patch<ConversationView>(conv(id), patch),
  transfer: (id: string, body: TransferRequest) => api.post<ConversationView>(`${conv(id)}/transfer`, body),
  transfers: (id: string) => api.get<{ items: TransferRecord[] }>(`${conv(id)}/transfers`),
  /** The session timers still to act on it (on hold, unanswered, agent offline, abandonment, queue wait). */
  timers: (id: string) => api.get<ConversationTimers>(`${conv(id)}/timers`),
  /** 202: emailed once the conversation is closed (at once when it is closed already). */
  requestTranscript: (id: string, email: string) => api.post<{ ok: true }>(`${conv(id)}/transcript`, { email }),
  /** The transcript as a plain-text download (a link: the browser sends the session cookie). */
  transcriptUrl: (id: string) => `${conv(id)}/transcript`,
  /** Admins: a closed conversation deleted for good, with its messages, notes and files. */
  remove: (id: string) => api.delete(conv(id)),
  hold: (id: string) => api.post<ConversationView>(`${conv(id)}/hold`),
  resume: (id: string) => api.post<ConversationView>(`${conv(id)}/resume`),
};

export const agentsApi = {
  list: (page: ListPageQuery = {}) => api.get<Page<AgentView>>('/api/v1/agents', { ...page }),
  myStatus: () => api.get<AgentState>('/api/v1/agents/me/status'),
  setMyAvailability: (availability: AvailabilityChange['availability']) =>
    api.put<AgentState>('/api/v1/agents/me/status', { availability }),
  setAvailability: (id: string, availability: AvailabilityChange['availability']) =>
    api.put<AgentState>(`/api/v1/agents/${enc(id)}/status`, { availability }),
  setCapacity: (id: string, maxChats: CapacityChange['maxChats']) =>
    api.put<AgentState>(`/api/v1/agents/${enc(id)}/capacity`, { maxChats }),
};

export const departmentsApi = {
  list: (includeArchived = false, page: ListPageQuery = {}) =>
    api.get<Page<DepartmentView>>('/api/v1/departments', {
      ...page,
      includeArchived: includeArchived ? 'true' : undefined,
    }),
  get: (id: string) => api.get<DepartmentView>(`/api/v1/departments/${enc(id)}`),
  create: (body: NewDepartment) => api.post<DepartmentView>('/api/v1/departments', body),
  update: (id: string, patch: DepartmentPatch) => api.patch<DepartmentView>(`/api/v1/departments/${enc(id)}`, patch),
  archive: (id: string, archived: boolean) =>
    api.post<DepartmentView>(`/api/v1/departments/${enc(id)}/archive`, { archived }),
  remove: (id: string) => api.delete(`/api/v1/departments/${enc(id)}`),
  setAgents: (id: string, agents: string[]) =>
    api.put<DepartmentView>(`/api/v1/departments/${enc(id)}/agents`, { agents }),
};

export const customFieldsApi = {
  list: (scope?: CustomFieldView['scope'], page: ListPageQuery = {}) =>
    api.get<Page<CustomFieldView>>('/api/v1/custom-fields', { ...page, scope }),
  create: (body: NewCustomField) => api.post<CustomFieldView>('/api/v1/custom-fields', body),
  update: (id: string, patch: CustomFieldPatch) =>
    api.patch<CustomFieldView>(`/api/v1/custom-fields/${enc(id)}`, patch),
  remove: (id: string) => api.delete(`/api/v1/custom-fields/${enc(id)}`),
};

export const prioritiesApi = {
  list: (page: ListPageQuery = {}) => api.get<Page<PriorityView>>('/api/v1/priorities', { ...page }),
  create: (body: PriorityInput) => api.post<PriorityView>('/api/v1/priorities', body),
  update: (id: string, body: PriorityInput) => api.put<PriorityView>(`/api/v1/priorities/${enc(id)}`, body),
  remove: (id: string) => api.delete(`/api/v1/priorities/${enc(id)}`),
};

export const slaApi = {
  list: (page: ListPageQuery = {}) => api.get<Page<SlaView>>('/api/v1/sla-policies', { ...page }),
  create: (body: SlaInput) => api.post<SlaView>('/api/v1/sla-policies', body),
  update: (id: string, body: SlaInput) => api.put<SlaView>(`/api/v1/sla-policies/${enc(id)}`, body),
  remove: (id: string) => api.delete(`/api/v1/sla-policies/${enc(id)}`),
};

export const offlineMessagesApi = {
  list: (q: OfflineMessageListQuery) => api.get<{ items: OfflineMessageView[] }>('/api/v1/offline-messages', { ...q }),
};

export const workspaceSettingsApi = {
  get: () => api.get<{ settings: WorkspaceSettings }>('/api/v1/settings/workspace'),
};

export const visitorsApi = {
  get: (id: string) => api.get<VisitorDetails>(`/api/v1/visitors/${enc(id)}`),
};
