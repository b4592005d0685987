import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function SolarPage() {
  return (
    <ModulePlaceholder
      title="Solar"
      icon="solar"
      issue={9}
      tagline="Rooftop solar on logistics parks: expected and measured output."
      description="The solar module will model the expected output of each rooftop solar park from its capacity, orientation and local irradiance, compare it with metered generation to spot underperforming arrays, and report the grid electricity, and the emissions, that the parks avoid for the sites they power."
      capabilities={[
        'PV model chain per solar park',
        'Monitoring of metered against expected output',
        'Alerts for underperforming arrays',
        'Avoided grid electricity and emissions',
      ]}
      reportsIn={['kWh', 'kg CO2e']}
    />
  );
}
