import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function WaybillsPage() {
  return (
    <ModulePlaceholder
      title="Waybills"
      icon="waybills"
      issue={6}
      tagline="Electronic waybills with privacy masking."
      description="The waybill module will issue e-waybill numbers, render compact labels in place of multi-part paper forms, and mask the recipient's name, phone number and address on every label and response that does not need them. It will count the sheets of paper saved, so the switch to e-waybills shows up in the climate targets."
      capabilities={[
        'E-waybill numbers with check digits',
        'Label rendering (PDF and thermal printer formats)',
        'Masking of personal data on labels and in responses',
        'Paper saved compared with multi-part paper waybills',
      ]}
      reportsIn={['sheets of paper', 'kg paper', 'kg CO2e']}
    />
  );
}
