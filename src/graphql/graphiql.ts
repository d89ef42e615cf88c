// Placeholder: replaced by the self-hosted GraphiQL page.
import { Router } from 'express';

export function graphiqlRouter(): Router {
  return Router();
}
