export {
  VisitorsService,
  toVisitorView,
  type VisitorRow,
  type VisitorInput,
  type ClientInfo,
} from './visitors.service.js';
