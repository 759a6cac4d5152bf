import { notifications } from '@mantine/notifications';
import { messageOf } from '../api/client.ts';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', title: 'Done', message });
}

export function notifyFailure(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: messageOf(error), autoClose: 8000 });
}
