import { useParams } from 'react-router';
import { GuestReply } from '../../features/liaison/components/guest-reply.tsx';

/** /r/:token — the short link of a 連携シート's QR code: no sign-in, one item. */
export function GuestReplyRoute() {
  const { token = '' } = useParams();
  return <GuestReply token={token} />;
}
